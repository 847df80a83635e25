#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/formats/sexp.hpp"

namespace keysync {
namespace {
std::string atom(const SexpNode& n) { return n.atom_text(); }
std::string written(const std::string& value) {
    SecureString out;
    append_sexp_string(out, reinterpret_cast<const unsigned char*>(value.data()), value.size());
    return std::string(out);
}
}  // namespace

TEST(Sexp, ReadsEveryStringEncoding) {
    // The same five bytes "hello" as token, quoted, hex, base64 and verbatim.
    SexpNode n = parse_sexp("(a hello \"hello\" #68656C6C6F# |aGVsbG8=| 5:hello 5\"hello\" 5#68 65 6c 6c 6f#)", "t");
    ASSERT_TRUE(n.is_list);
    ASSERT_EQ(n.children.size(), 8u);
    for (std::size_t i = 1; i < n.children.size(); ++i) EXPECT_EQ(atom(n.children[i]), "hello") << i;
}

TEST(Sexp, QuotedEscapes) {
    SexpNode n = parse_sexp(R"((s "a\tb\n\"q\"\\\x41\101\
c"))", "t");
    EXPECT_EQ(atom(n.children[1]), "a\tb\n\"q\"\\AAc");
}

TEST(Sexp, DisplayHintIsSkipped) {
    SexpNode n = parse_sexp("(s [text/plain]value)", "t");
    ASSERT_EQ(n.children.size(), 2u);
    EXPECT_EQ(atom(n.children[1]), "value");
}

TEST(Sexp, WritesWhatLibgcryptWrites) {
    EXPECT_EQ(written("prpl-jabber"), "prpl-jabber");
    EXPECT_EQ(written("gptest@limun.org/"), "\"gptest@limun.org/\"");  // '@' is no token char
    EXPECT_EQ(written("1"), "\"1\"");                                 // tokens cannot start with a digit
    EXPECT_EQ(written(""), "\"\"");
    EXPECT_EQ(written("a\"b"), "\"a\\\"b\"");
    EXPECT_EQ(written("\xc3\xa9t\xc3\xa9"), "#C3A974C3A9#");  // top bit set first: binary
    EXPECT_EQ(written("caf\xc3\xa9"), "\"caf\xc3\xa9\"");     // printable UTF-8 later on: quoted
}

// As libgcrypt prints them (checked against it in libotr_interop_test): minimal signed bytes,
// encoded as any string would be.
TEST(Sexp, NumbersAreMinimalSignedBytesInLibgcryptsEncoding) {
    SecureString out;
    const unsigned char high[] = {0x00, 0x00, 0xB2, 0x0F};
    append_sexp_number(out, high, sizeof high);
    EXPECT_EQ(std::string(out), "#00B20F#");
    out.clear();
    const unsigned char low[] = {0x29, 0xA9};  // printable: a quoted string
    append_sexp_number(out, low, sizeof low);
    EXPECT_EQ(std::string(out), "\")\xA9\"");
    out.clear();
    const unsigned char binary[] = {0x29, 0x01};
    append_sexp_number(out, binary, sizeof binary);
    EXPECT_EQ(std::string(out), "#2901#");
}

TEST(Sexp, ErrorsNameTheLine) {
    try {
        parse_sexp("(a\n(b\n#12G4#))", "file.key");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_NE(std::string(e.what()).find("file.key:3: bad hex digit"), std::string::npos) << e.what();
    }
}

TEST(Sexp, RejectsDeepNesting) {
    std::string deep(100, '(');
    deep += std::string(100, ')');
    EXPECT_THROW(parse_sexp(deep, "t"), ParseError);
}

}  // namespace keysync
