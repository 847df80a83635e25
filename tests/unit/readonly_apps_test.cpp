// The read-only apps: GnuPG keyrings (checked against the real gpg) and KeyCzar files.
#include <gtest/gtest.h>

#include "apps/gnupg_packets.hpp"
#include "keysync/error.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;

TEST(Gnupg, FixtureKeysAreReportedWithGpgsKeyIds) {
    KeyStore s = find_app("gnupg")->read(test::fixture("gnupg"));
    EXPECT_TRUE(s.accounts.empty());
    ASSERT_EQ(s.notes.size(), 3u);
    EXPECT_EQ(s.notes[2], "gnupg: key 1243FE591E96FCDD cannot be an OTR key: q is 256 bits; OTR needs a 160-bit q");
    // The key IDs are the ones the real gpg prints for the same keyring.
    auto r = test::run_command({"gpg", "--list-packets", test::fixture("gnupg/secring.gpg").string()}, {"GNUPGHOME=/nonexistent"});
    for (const char* id : {"C3C196900EDCCD44", "A42753C71896F68A", "1243FE591E96FCDD"}) {
        EXPECT_NE(r.out.find(std::string("keyid: ") + id), std::string::npos) << id << r.out;
        bool noted = false;
        for (const auto& n : s.notes) noted |= n.find(id) != std::string::npos;
        EXPECT_TRUE(noted) << id;
    }
}

TEST(Gnupg, AnUnprotectedDsa1024KeyMadeByGpgIsAnOtrKey) {
    test::TempDir home;
    fs::permissions(home.path(), fs::perms::owner_all);
    std::vector<std::string> env{"GNUPGHOME=" + home.path().string()};
    auto gen = test::run_command({"gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
                                  "Alice <alice@example.org>", "dsa1024", "sign", "never"}, env);
    ASSERT_EQ(gen.status, 0) << gen.err;
    test::TempDir out;
    auto exported = test::run_command({"/bin/sh", "-c", "gpg --batch --pinentry-mode loopback --passphrase '' --export-secret-keys > '" +
                                                            (out / "secring.gpg").string() + "'"}, env);
    ASSERT_EQ(exported.status, 0) << exported.err;
    KeyStore s = find_app("gnupg")->read(out.path());
    ASSERT_EQ(s.accounts.size(), 1u);
    EXPECT_EQ(s.accounts[0].id.name, "alice@example.org");
    EXPECT_TRUE(s.accounts[0].key.private_matches_public());
    auto list = test::run_command({"gpg", "--list-keys", "--keyid-format", "long"}, env);
    std::string source = s.accounts[0].source;
    EXPECT_NE(list.out.find("dsa1024/" + source.substr(source.size() - 16)), std::string::npos) << list.out << source;
}

TEST(Gnupg, BrokenKeyringsNameTheByte) {
    EXPECT_THROW(parse_gnupg_secring("junk", "s.gpg"), ParseError);
    std::string good = test::read_text(test::fixture("gnupg/secring.gpg"));
    try {
        parse_gnupg_secring(good.substr(0, 300), "s.gpg");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("s.gpg: at byte "), std::string::npos) << e.what();
    }
}

TEST(Keyczar, BothVersionsReadWithTheListedFingerprints) {
    KeyStore s = find_app("keyczar")->read(test::fixture("keyczar"));
    EXPECT_EQ(test::account_summary(s), (std::vector<std::string>{
                                            "privatekey-v0.5b prpl-jabber c523b48cd215813696a7da518869cd926e80aab4 private",
                                            "privatekey-v0.6b prpl-jabber aae97fce4bad0868a09ad697a676570b29ed3f6b private",
                                            "publickey-v0.5b prpl-jabber c523b48cd215813696a7da518869cd926e80aab4",
                                            "publickey-v0.6b prpl-jabber aae97fce4bad0868a09ad697a676570b29ed3f6b"}));
    EXPECT_FALSE(find_app("keyczar")->writable());
}

TEST(Keyczar, BadFilesNameTheField) {
    test::TempDir tmp;
    test::write_text(tmp / "k.json", "{\"p\": \"AAAA\"}");
    try {
        find_app("keyczar")->read(tmp.path());
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("k.json: no \"q\" field"), std::string::npos) << e.what();
    }
    test::write_text(tmp / "k.json", "{\"pkcs8\": \"!!!!\"}");
    EXPECT_THROW(find_app("keyczar")->read(tmp.path()), ParseError);
}

}  // namespace keysync
