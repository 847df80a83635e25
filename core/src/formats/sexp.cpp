#include "keysync/formats/sexp.hpp"

#include <cstring>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxChildren = 100000;

bool is_token_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && std::strchr("-./_:*+=", c));
}
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
int hex_value(unsigned char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    SexpNode parse_document() {
        skip_space();
        if (at_end()) fail(tr("the file is empty; expected an S-expression starting with '('"));
        SexpNode root = parse_value(0);
        skip_space();
        if (!at_end()) fail(tr("unexpected text after the closing ')' of the expression"));
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw ParseError(source_, line_, what); }
    bool at_end() const { return pos_ >= text_.size(); }
    unsigned char peek() const { return static_cast<unsigned char>(text_[pos_]); }
    unsigned char next() {
        unsigned char c = peek();
        ++pos_;
        if (c == '\n') ++line_;
        return c;
    }
    void skip_space() {
        while (!at_end() && is_space(peek())) next();
    }

    SexpNode parse_value(std::size_t depth) {
        if (peek() == '(') return parse_list(depth);
        if (peek() == ')') fail(tr("unexpected ')'"));
        SexpNode node;
        node.line = line_;
        if (peek() == '[') parse_atom(node.atom), skip_space();  // a display hint: read and dropped
        if (at_end()) fail(tr("the file ends after a display hint"));
        node.atom.clear();
        parse_atom(node.atom);
        return node;
    }

    SexpNode parse_list(std::size_t depth) {
        if (depth >= kMaxDepth) fail(fill(tr("lists are nested more than {} deep"), {std::to_string(kMaxDepth)}));
        SexpNode node;
        node.is_list = true;
        node.line = line_;
        std::size_t open_line = line_;
        next();  // '('
        for (;;) {
            skip_space();
            if (at_end()) throw ParseError(source_, open_line, tr("the '(' opened here is never closed (file truncated?)"));
            if (peek() == ')') {
                next();
                return node;
            }
            if (node.children.size() >= kMaxChildren) fail(tr("too many elements in one list"));
            node.children.push_back(parse_value(depth + 1));
        }
    }

    // Reads one STRING in any of libgcrypt's encodings into OUT.
    void parse_atom(SecureBytes& out) {
        unsigned char c = peek();
        if (c == '[') {
            next();
            if (at_end() || peek() == '[') fail(tr("a display hint '[' must hold one string"));
            SecureBytes hint;
            parse_atom(hint);
            skip_space();
            if (at_end() || next() != ']') fail(tr("a display hint '[' is not closed by ']'"));
            return;
        }
        if (is_digit(c)) return parse_length_prefixed(out);
        if (c == '"') return parse_quoted(out, std::string::npos);
        if (c == '#') return parse_hex(out, std::string::npos);
        if (c == '|') return parse_base64(out, std::string::npos);
        if (is_token_char(c)) {
            while (!at_end() && is_token_char(peek())) out.push_back(next());
            return;
        }
        fail(fill(tr("{} cannot start a value"), {describe_char(c)}));
    }

    static std::string describe_char(unsigned char c) {
        if (c >= 0x21 && c < 0x7f) return fill(tr("character '{}'"), {std::string(1, static_cast<char>(c))});
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02x", c);
        return fill(tr("byte {}"), {buf});
    }

    void parse_length_prefixed(SecureBytes& out) {
        std::size_t length = 0;
        while (!at_end() && is_digit(peek())) {
            length = length * 10 + (next() - '0');
            if (length > text_.size()) fail(tr("a length prefix is larger than the whole file"));
        }
        if (at_end()) fail(tr("the file ends inside a length prefix"));
        unsigned char c = peek();
        if (c == ':') {
            next();
            if (text_.size() - pos_ < length) fail(tr("a verbatim string runs past the end of the file"));
            for (std::size_t i = 0; i < length; ++i) out.push_back(next());
            return;
        }
        if (c == '"') return parse_quoted(out, length);
        if (c == '#') return parse_hex(out, length);
        if (c == '|') return parse_base64(out, length);
        fail(fill(tr("a length prefix must be followed by ':', '\"', '#' or '|', not {}"), {describe_char(c)}));
    }

    void check_length(const SecureBytes& out, std::size_t expected) const {
        if (expected != std::string::npos && out.size() != expected)
            fail(fill(tr("a string's length prefix says {} bytes but it holds {}"), {std::to_string(expected), std::to_string(out.size())}));
    }

    void parse_quoted(SecureBytes& out, std::size_t expected) {
        std::size_t start_line = line_;
        next();  // '"'
        for (;;) {
            if (at_end()) throw ParseError(source_, start_line, tr("a quoted string is never closed"));
            unsigned char c = next();
            if (c == '"') break;
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (at_end()) throw ParseError(source_, start_line, tr("a quoted string is never closed"));
            c = next();
            switch (c) {
                case 'b': out.push_back('\b'); break;
                case 't': out.push_back('\t'); break;
                case 'v': out.push_back('\v'); break;
                case 'n': out.push_back('\n'); break;
                case 'f': out.push_back('\f'); break;
                case 'r': out.push_back('\r'); break;
                case '"': case '\'': case '\\': out.push_back(c); break;
                case '\n':  // line continuation, optionally \n\r
                    if (!at_end() && peek() == '\r') next();
                    break;
                case '\r':
                    if (!at_end() && peek() == '\n') next();
                    break;
                case 'x': {
                    int hi = at_end() ? -1 : hex_value(next());
                    int lo = at_end() ? -1 : hex_value(next());
                    if (hi < 0 || lo < 0) fail(tr("bad \\x escape in a quoted string (needs two hex digits)"));
                    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
                    break;
                }
                default:
                    if (c >= '0' && c <= '7') {
                        int value = c - '0';
                        for (int i = 0; i < 2; ++i) {
                            if (at_end() || peek() < '0' || peek() > '7')
                                fail(tr("bad octal escape in a quoted string (needs three octal digits)"));
                            value = value * 8 + (next() - '0');
                        }
                        if (value > 255) fail(tr("octal escape above \\377 in a quoted string"));
                        out.push_back(static_cast<unsigned char>(value));
                        break;
                    }
                    fail(fill(tr("unknown escape \\{} in a quoted string"), {std::string(1, static_cast<char>(c))}));
            }
        }
        check_length(out, expected);
    }

    void parse_hex(SecureBytes& out, std::size_t expected) {
        std::size_t start_line = line_;
        next();  // '#'
        int high = -1;
        for (;;) {
            if (at_end()) throw ParseError(source_, start_line, tr("a #hex# string is never closed"));
            unsigned char c = next();
            if (c == '#') break;
            if (is_space(c)) continue;
            int v = hex_value(c);
            if (v < 0) fail(fill(tr("bad hex digit ({}) in a #hex# string"), {describe_char(c)}));

            if (high < 0) {
                high = v;
            } else {
                out.push_back(static_cast<unsigned char>(high * 16 + v));
                high = -1;
            }
        }
        if (high >= 0) fail(tr("a #hex# string has an odd number of hex digits"));
        check_length(out, expected);
    }

    void parse_base64(SecureBytes& out, std::size_t expected) {
        std::size_t start_line = line_;
        next();  // '|'
        std::size_t begin = pos_;
        while (!at_end() && peek() != '|') next();
        if (at_end()) throw ParseError(source_, start_line, tr("a |base64| string is never closed"));
        auto decoded = base64_decode(text_.substr(begin, pos_ - begin));
        next();  // '|'
        if (!decoded) fail(tr("invalid base64 in a |base64| string"));
        out.insert(out.end(), decoded->begin(), decoded->end());
        check_length(out, expected);
    }

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

const char kHexDigits[] = "0123456789ABCDEF";

void append_hex(SecureString& out, const unsigned char* data, std::size_t size) {
    out += '#';
    for (std::size_t i = 0; i < size; ++i) {
        out += kHexDigits[data[i] >> 4];
        out += kHexDigits[data[i] & 15];
    }
    out += '#';
}

// libgcrypt's suitable_encoding(): 0 = hex, 1 = quoted, 2 = token.
int libgcrypt_encoding(const unsigned char* data, std::size_t size) {
    if (!size) return 1;
    if ((data[0] & 0x80) || !data[0]) return 0;
    bool maybe_token = true;
    for (std::size_t i = 0; i < size; ++i) {
        unsigned char c = data[i];
        if ((c < 0x20 || (c >= 0x7f && c <= 0xa0)) && !std::strchr("\b\t\v\n\f\r\"\'\\", c)) return 0;
        if (maybe_token && !is_token_char(c)) maybe_token = false;
    }
    return (maybe_token && !is_digit(data[0])) ? 2 : 1;
}

}  // namespace

bool SexpNode::is_atom(std::string_view text) const {
    return !is_list && atom.size() == text.size() && std::memcmp(atom.data(), text.data(), text.size()) == 0;
}

const SexpNode* SexpNode::find(std::string_view name) const {
    for (const SexpNode& child : children)
        if (child.is_list && !child.children.empty() && child.children[0].is_atom(name)) return &child;
    return nullptr;
}

SexpNode parse_sexp(std::string_view text, const std::string& source) { return Parser(text, source).parse_document(); }

void append_sexp_string(SecureString& out, const unsigned char* data, std::size_t size) {
    switch (libgcrypt_encoding(data, size)) {
        case 2:
            out.append(reinterpret_cast<const char*>(data), size);
            return;
        case 0:
            append_hex(out, data, size);
            return;
    }
    out += '"';
    for (std::size_t i = 0; i < size; ++i) {
        switch (data[i]) {
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\v': out += "\\v"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            case '"': out += "\\\""; break;
            case '\'': out += "\\'"; break;
            case '\\': out += "\\\\"; break;
            default: out += static_cast<char>(data[i]);
        }
    }
    out += '"';
}

void append_sexp_number(SecureString& out, const unsigned char* data, std::size_t size) {
    while (size && *data == 0) ++data, --size;
    if (size && (data[0] & 0x80)) {  // libgcrypt's signed form: a leading zero byte, hence #hex#
        SecureBytes signed_form;
        signed_form.push_back(0);
        signed_form.insert(signed_form.end(), data, data + size);
        append_hex(out, signed_form.data(), signed_form.size());
    } else {
        // libgcrypt chooses an MPI's encoding as any string's: a number whose bytes happen to be
        // printable (about one x in a few hundred) is written as a "quoted string" or a token.
        append_sexp_string(out, data, size);
    }
}

}  // namespace keysync
