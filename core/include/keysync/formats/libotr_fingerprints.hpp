#pragma once
// libotr's fingerprint file (otr.fingerprints, otr.fp) and potr's 5-column .fpr — formats.md 2.2, 4.2.
#include <string>
#include <string_view>
#include <vector>

#include "keysync/fingerprint.hpp"
#include "keysync/interned.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

struct FingerprintRow {
    Interned username;     // the peer
    Interned accountname;  // the local account, as the key file names it
    Interned protocol;
    Fingerprint fingerprint;
    Interned trust;        // raw word, "" when unverified
    std::size_t line = 0;
};

// Lenient like libotr: LF, CR or CRLF line ends, a missing trust column, a missing final
// newline, blank lines. Anything else malformed is a ParseError naming SOURCE:LINE.
std::vector<FingerprintRow> parse_fingerprint_rows(std::string_view text, const std::string& source);

enum class RowOrder {
    Libotr,  // grouped by (username, accountname, protocol) in strcmp order, as libotr keeps its
             // context list; each context's fingerprints in the given order
    Given,   // as given (potr writes its .fpr in no particular order; keep the file's own)
};

// Every line with all five columns and LF; built in the buffer the file is written from.
SecureString write_fingerprint_rows(const std::vector<FingerprintRow>& rows, RowOrder order = RowOrder::Libotr);

// One such line at the end of OUT (for writers that order rows themselves).
void append_fingerprint_row(SecureString& out, std::string_view username, std::string_view accountname,
                            std::string_view protocol, const Fingerprint& fingerprint, std::string_view trust);

}  // namespace keysync
