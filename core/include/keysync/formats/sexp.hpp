#pragma once
// libgcrypt S-expressions in "advanced" text form (formats.md 2.1): every STRING encoding is
// read (token, quoted, #hex#, |base64|, verbatim); writing picks the encoding libgcrypt picks.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/secure_memory.hpp"

namespace keysync {

struct SexpNode {
    bool is_list = false;
    SecureBytes atom;                // when !is_list (may hold a secret)
    std::vector<SexpNode> children;  // when is_list
    std::size_t line = 0;            // where it starts, for error messages

    std::string atom_text() const { return std::string(atom.begin(), atom.end()); }
    bool is_atom(std::string_view text) const;
    // The first child list whose head atom is NAME, or nullptr.
    const SexpNode* find(std::string_view name) const;
};

// Parses exactly one expression (surrounded by optional whitespace). Throws ParseError naming
// SOURCE and the line.
SexpNode parse_sexp(std::string_view text, const std::string& source);

// Appends a string the way libgcrypt's advanced format prints it: token, "quoted" or #HEX#.
void append_sexp_string(SecureString& out, const unsigned char* data, std::size_t size);
// Appends an unsigned number as libgcrypt prints a (signed, standard-format) MPI: #HEX# with a
// leading 00 byte when the top bit is set.
void append_sexp_number(SecureString& out, const unsigned char* data, std::size_t size);

}  // namespace keysync
