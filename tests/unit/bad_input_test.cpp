// Hostile and broken libotr-family files: each gives one clear error naming the file and line,
// and nothing crashes.
#include <functional>

#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {

struct BadCase {
    std::string name;
    std::string text;
    std::string expected;  // part of the message, after "FILE:LINE: "
    std::size_t line;
};

std::string good_key() { return test::read_text(test::fixture("irssi/otr.key")); }
std::string replace(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture changed: " + from);
    return s.replace(at, from.size(), to);
}

void expect_error(const std::function<void()>& parse, const BadCase& c) {
    try {
        parse();
        ADD_FAILURE() << c.name << ": no error";
    } catch (const ParseError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.rfind("bad.file:", 0), 0u) << c.name << ": " << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
        if (c.line) {
            EXPECT_EQ(e.line(), c.line) << c.name << ": " << message;
        }
    }
}

}  // namespace

TEST(BadInput, PrivateKeyFiles) {
    std::string key = good_key();
    std::vector<BadCase> cases{
        {"empty", "", "file is empty", 0},
        {"truncated", key.substr(0, key.size() / 2), "never closed", 0},
        {"wrong top", replace(key, "(privkeys", "(pubkeys"), "must start with (privkeys", 1},
        {"wrong nesting", "(privkeys (name \"x\"))", "expected an (account", 1},
        {"bad hex", replace(key, "(q #00", "(q #0G"), "bad hex digit", 8},
        {"odd hex", replace(key, "(q #00", "(q #0"), "odd number of hex digits", 8},
        {"missing x", replace(key, "  (x #", "  (z #"), "no (x ...) element", 0},
        {"missing name", replace(key, "(name ", "(nome "), "no (name ...) element", 0},
        {"not dsa", replace(key, "(dsa", "(rsa"), "not a DSA key", 0},
        {"two values", replace(key, "(protocol IRC)", "(protocol IRC IRC)"), "exactly one value", 4},
        {"q too big", replace(key, "(q #00", "(q #0100"), "160-bit q", 0},
        {"trailing junk", key + "(more)", "unexpected text after", 0},
        {"binary junk", std::string("\x00\x01\xff(privkeys)", 13), "cannot start a value", 1},
        {"huge length prefix", "(privkeys 99999999999:abc)", "larger than the whole file", 1},
        {"deep nesting", std::string(1000, '(') + std::string(1000, ')'), "nested more than", 0},
        {"unterminated string", "(privkeys (account (name \"abc", "quoted string is never closed", 1},
        {"bad base64", "(privkeys (account (name |!!!!|)))", "invalid base64", 1},
    };
    for (const BadCase& c : cases) expect_error([&] { parse_libotr_private_keys(c.text, "bad.file"); }, c);
}

TEST(BadInput, FingerprintFiles) {
    std::string fp(40, 'a');
    std::vector<BadCase> cases{
        {"too few fields", "bob\tme\tIRC\n", "found 3", 1},
        {"bad hex", "ok\tme\tIRC\t" + fp + "\t\nbob\tme\tIRC\t" + std::string(39, 'a') + "z\t\n", "40 hex digits", 2},
        {"short fingerprint", "bob\tme\tIRC\tabc\tverified\n", "40 hex digits", 1},
        {"too many fields", "bob\tme\tIRC\t" + fp + "\tverified\textra\n", "found 6", 1},
        {"empty contact", "\tme\tIRC\t" + fp + "\t\n", "contact field is empty", 1},
        {"huge line", std::string(100000, 'x') + "\n", "bytes long", 1},
        {"binary junk", std::string("\x7f" "ELF\x02\x01\x01\x00\x00\t\t\t", 13), "NUL byte", 1},
    };
    for (const BadCase& c : cases) expect_error([&] { parse_fingerprint_rows(c.text, "bad.file"); }, c);
}

}  // namespace keysync
