#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
std::vector<const LibotrPrivateKey*> pointers(const std::vector<LibotrPrivateKey>& keys) {
    std::vector<const LibotrPrivateKey*> out;
    for (const auto& k : keys) out.push_back(&k);
    return out;
}
}  // namespace

TEST(LibotrPrivateKeys, WritesTheFixtureBackByteForByte) {
    for (const char* file : {"pidgin/otr.private_key", "irssi/otr.key", "adium/otr.private_key", "SAMENESS/pidgin/otr.private_key"}) {
        std::string text = test::read_text(test::fixture(file));
        auto keys = parse_libotr_private_keys(text, file);
        EXPECT_EQ(std::string(write_libotr_private_keys(pointers(keys))), text) << file;
    }
}

TEST(LibotrPrivateKeys, ReadsNamesInAnyEncodingAndChildrenInAnyOrder) {
    std::string text = test::read_text(test::fixture("pidgin/otr.private_key"));
    auto keys = parse_libotr_private_keys(text, "pidgin");
    // Same first key, with the name as hex and protocol before name, as libotr's find_token allows.
    std::string p = "p #00" + std::string();
    LibotrPrivateKey k = keys[0];
    k.account = "\xc3\xa9l\xc3\xa8ve@example.org";  // starts with a high byte: libgcrypt writes hex
    SecureString written = write_libotr_private_keys({&k});
    EXPECT_NE(std::string(written).find("(name #C3A96CC3A8"), std::string::npos);
    auto back = parse_libotr_private_keys(written, "w");
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].account, k.account);

    std::string reordered = "(privkeys (account (protocol prpl-jabber) (private-key (dsa";
    std::string block = text.substr(text.find("(p "), text.find("  )\n") - text.find("(p "));
    reordered += " " + block + ")) (name |Z3B0ZXN0QGxpbXVuLm9yZy8=|)))";
    auto r = parse_libotr_private_keys(reordered, "r");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].account, "gptest@limun.org/");
    EXPECT_EQ(r[0].key.fingerprint().hex(), "64d5417f685ec59424ade08cd68911873642840c");
}

TEST(LibotrPrivateKeys, EmptyFileListIsValid) {
    EXPECT_TRUE(parse_libotr_private_keys("(privkeys\n)\n", "e").empty());
    EXPECT_EQ(std::string(write_libotr_private_keys({})), "(privkeys\n)\n");
}

TEST(LibotrPrivateKeys, DuplicateAccountIsAnError) {
    std::string text = test::read_text(test::fixture("irssi/otr.key"));
    std::string account = text.substr(text.find(" (account"), text.rfind(")") - text.find(" (account"));
    std::string doubled = "(privkeys\n" + account + account + ")\n";
    try {
        parse_libotr_private_keys(doubled, "d.key");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("listed twice"), std::string::npos) << e.what();
    }
}

}  // namespace keysync
