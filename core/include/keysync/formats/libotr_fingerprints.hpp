#pragma once
// libotr's fingerprint file (otr.fingerprints, otr.fp) and potr's 5-column .fpr — formats.md 2.2, 4.2.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
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
// The same a piece of the text at a time (a 10 MiB file need not be held): feed() passes each
// row TEXT holds whole to TAKE (all of them AT_END, the last piece) and returns the bytes they
// fill; the rest is to be fed again with the text after it.
class FingerprintRowParser {
public:
    explicit FingerprintRowParser(std::string source) : source_(std::move(source)) {}
    std::size_t feed(std::string_view text, bool at_end, const std::function<void(FingerprintRow&&)>& take);

private:
    // The last few distinct names of one column, each found again by comparing text instead of
    // hashing it into the interned pool (and taking its lock).
    class RecentNames {
    public:
        Interned get(std::string_view text);

    private:
        struct Recent {
            Interned name;
            std::string_view text;  // NAME's, in the pool
        };
        std::array<Recent, 16> names_{};
        std::size_t next_ = 0;
    };
    // TEXT's whole rows into ROWS_, their contacts' names not yet interned (NAMES_, NAME_OF_);
    // returns where they end. LAST_NAME: the contact of the row before.
    std::size_t parse_rows(std::string_view text, bool at_end, std::string_view last_name);
    static constexpr std::uint32_t kPrevious = UINT32_MAX;  // a row of the contact before the piece's first name
    std::string source_;
    std::size_t line_ = 0;  // lines read so far
    Interned previous_username_;
    RecentNames accounts_, protocols_, trust_words_;
    std::vector<FingerprintRow> rows_;      // a piece's, until passed on
    std::vector<std::string_view> names_;   // each of their contacts (in the piece's text) once in a row
    std::vector<std::uint32_t> name_of_;    // each row's, in NAMES_ (or kPrevious)
};

enum class RowOrder {
    Libotr,  // grouped by (username, accountname, protocol) in strcmp order, as libotr keeps its
             // context list; each context's fingerprints in the given order
    Given,   // as given (potr writes its .fpr in no particular order; keep the file's own)
};

// Every line with all five columns and LF; built in the buffer the file is written from.
SecureString write_fingerprint_rows(const std::vector<FingerprintRow>& rows, RowOrder order = RowOrder::Libotr);

// A row's columns as a writer has them (the libotr writer makes them from its content on the
// fly, so 100k entries need no vector of rows).
struct FingerprintRowView {
    std::string_view username, accountname, protocol;
    const Fingerprint& fingerprint;
    std::string_view trust;
};

// One line at the end of OUT, and its length.
void append_fingerprint_row(SecureString& out, const FingerprintRowView& row);
std::size_t fingerprint_row_size(const FingerprintRowView& row);

// F(i) for each of ROW_AT's COUNT rows in the order they are written in: libotr's (by username,
// account, protocol; stable), or as they are when they have it already (nearly always: then no
// table of 100k positions is made) or ORDER is Given.
template <typename RowAt, typename F>
void each_fingerprint_row_in_order(std::size_t count, RowAt row_at, RowOrder order, F f) {
    auto before = [&](std::size_t a, std::size_t b) {
        FingerprintRowView ra = row_at(a), rb = row_at(b);
        return std::tie(ra.username, ra.accountname, ra.protocol) < std::tie(rb.username, rb.accountname, rb.protocol);
    };
    std::size_t in_order = 1;
    while (order == RowOrder::Libotr && in_order < count && !before(in_order, in_order - 1)) ++in_order;
    if (order != RowOrder::Libotr || in_order >= count) {
        for (std::size_t i = 0; i < count; ++i) f(i);
        return;
    }
    std::vector<std::size_t> positions(count);
    for (std::size_t i = 0; i < count; ++i) positions[i] = i;
    std::stable_sort(positions.begin(), positions.end(), before);
    for (std::size_t i : positions) f(i);
}

// The same as the vector form for COUNT rows that ROW_AT(i) gives.
template <typename RowAt>
SecureString write_fingerprint_rows(std::size_t count, RowAt row_at, RowOrder order) {
    std::size_t size = 0;
    for (std::size_t i = 0; i < count; ++i) size += fingerprint_row_size(row_at(i));
    SecureString out;
    out.reserve(size);  // grown once: a doubling string would copy (and wipe) 100k rows again
    each_fingerprint_row_in_order(count, row_at, order, [&](std::size_t i) { append_fingerprint_row(out, row_at(i)); });
    return out;
}

// The same text passed to WRITE a piece (about 64 KiB) at a time, never held whole.
template <typename RowAt>
void write_fingerprint_rows(std::size_t count, RowAt row_at, RowOrder order, const std::function<void(std::string_view)>& write) {
    constexpr std::size_t kPiece = 64 << 10;
    SecureString piece;
    piece.reserve(kPiece + 1024);
    each_fingerprint_row_in_order(count, row_at, order, [&](std::size_t i) {
        append_fingerprint_row(piece, row_at(i));
        if (piece.size() >= kPiece) write(piece), piece.clear();
    });
    if (!piece.empty()) write(piece);
}

}  // namespace keysync
