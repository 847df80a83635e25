// The libotr-family apps on the sample files: the fingerprints SOURCE.md lists, and lossless
// read -> write -> read round trips.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
using test::account_summary;
using test::peer_summary;

namespace {
KeyStore read_app(const std::string& app, const fs::path& dir) { return find_app(app)->read(dir); }

std::vector<std::string> fingerprints_of(const KeyStore& s) {
    std::vector<std::string> out;
    for (const Account& a : s.accounts) out.push_back(a.key.fingerprint().hex());
    return out;
}

// Writes STORE with APP into a copy of the fixture folder and reads it back.
KeyStore round_trip(const std::string& app, const std::string& fixture_dir, const test::TempDir& tmp) {
    fs::copy(test::fixture(fixture_dir), tmp.path(), fs::copy_options::recursive);
    KeyStore store = read_app(app, tmp.path());
    commit_files(find_app(app)->plan_write(store, tmp.path()).files);
    return read_app(app, tmp.path());
}
}  // namespace

TEST(LibotrApps, PidginFixtureHasTheListedKeys) {
    KeyStore s = read_app("pidgin", test::fixture("pidgin"));
    EXPECT_EQ(fingerprints_of(s), (std::vector<std::string>{"64d5417f685ec59424ade08cd68911873642840c",
                                                            "f247f8b86842ffc7ba0b8348440f154d520169eb",
                                                            "51e891cf3f5ea4ff7b6682eb629d17779bc6234a"}));
    EXPECT_EQ(s.accounts[0].id.name, "gptest@limun.org");
    ASSERT_TRUE(s.accounts[0].id.resource);
    EXPECT_EQ(*s.accounts[0].id.resource, "");
    EXPECT_EQ(s.accounts[2].id.protocol, "prpl-bonjour");
    // The fixture's Bonjour key was hand-edited: its x does not match y. It is read, and noted.
    ASSERT_EQ(s.notes.size(), 1u);
    EXPECT_NE(s.notes[0].find("gptest@mycomputer"), std::string::npos);
    EXPECT_EQ(s.peers.size(), 6u);
    EXPECT_NE(std::find(peer_summary(s).begin(), peer_summary(s).end(),
                        "gptest@jabber.ccc.de gptest@limun.org prpl-jabber a2cd015572d256703e7624840f91209160185410 verified"),
              peer_summary(s).end());
}

TEST(LibotrApps, IrcFamilyFixturesMapTheProtocolAndTrust) {
    for (const char* app : {"irssi", "xchat"}) {
        KeyStore s = read_app(app, test::fixture(app));
        EXPECT_EQ(account_summary(s),
                  std::vector<std::string>{"test@example.org prpl-irc 1e6152121c8a6dfefb5d84553c2111a2ff0e84d7 private"});
        EXPECT_EQ(peer_summary(s), (std::vector<std::string>{
                                       "bigbear test@example.org prpl-irc fffffffffffffcdfdddddeeeeee8aaaaaad00000 unverified",
                                       "blue test@example.org prpl-irc bbbbbbbbbb223444455566666777778889990aab smp",
                                       "goldy test@example.org prpl-irc 0000111122223444455566666777778889990aab unverified",
                                       "testymctest test@example.org prpl-irc eeeeee1122223444455566666777778889990aab verified"}))
            << app;
    }
}

TEST(LibotrApps, KopeteAndSamenessFixtures) {
    EXPECT_EQ(fingerprints_of(read_app("kopete", test::fixture("kopete"))),
              fingerprints_of(read_app("pidgin", test::fixture("pidgin"))));
    EXPECT_EQ(fingerprints_of(read_app("pidgin", test::fixture("SAMENESS/pidgin"))),
              std::vector<std::string>{"39e90112c19d45cecb968ff981d32e9c9a5fe284"});
}

// A row repeated far from its first (rows are looked up a batch at a time) is dropped too,
// and the first of each is kept, in file order.
TEST(LibotrApps, RowsRepeatedInLaterBatchesAreReadOnce) {
    test::TempDir tmp;
    fs::copy(test::fixture("pidgin") / "otr.private_key", tmp.path() / "otr.private_key");
    std::string text;
    auto row = [](int i, const char* trust) {
        char fp[41];
        std::snprintf(fp, sizeof fp, "%08x%032x", i, 7);
        return "peer" + std::to_string(i) + "@example.net\tgptest@limun.org/\tprpl-jabber\t" + fp + "\t" + trust + "\n";
    };
    for (int i = 0; i < 300; ++i) text += row(i, i % 2 ? "verified" : "");
    for (int i : {0, 63, 64, 65, 127, 200, 299}) text += row(i, "smp");  // again, in later batches
    text += row(5, "");                                                // and within the same batch's reach
    std::ofstream(tmp.path() / "otr.fingerprints") << text;
    KeyStore s = read_app("pidgin", tmp.path());
    ASSERT_EQ(s.peers.size(), 300u);
    for (int i = 0; i < 300; ++i) {
        EXPECT_EQ(std::string(s.peers[static_cast<std::size_t>(i)].peer), "peer" + std::to_string(i) + "@example.net");
        EXPECT_EQ(s.peers[static_cast<std::size_t>(i)].trust.level, i % 2 ? TrustLevel::Verified : TrustLevel::Unverified);
    }
}

TEST(LibotrApps, RoundTripIsByteIdenticalForLibotrWrittenFiles) {
    test::TempDir tmp;
    KeyStore original = read_app("pidgin", test::fixture("pidgin"));
    KeyStore back = round_trip("pidgin", "pidgin", tmp);
    EXPECT_EQ(account_summary(back), account_summary(original));
    EXPECT_EQ(peer_summary(back), peer_summary(original));
    EXPECT_EQ(test::read_text(tmp / "otr.private_key"), test::read_text(test::fixture("pidgin/otr.private_key")));
}

TEST(LibotrApps, RoundTripKeepsIrssiTrustWords) {
    test::TempDir tmp;
    KeyStore back = round_trip("irssi", "irssi", tmp);
    EXPECT_EQ(peer_summary(back), peer_summary(read_app("irssi", test::fixture("irssi"))));
    // "manual" stays "manual" in irssi's own file.
    EXPECT_NE(test::read_text(tmp / "otr.fp").find("\tmanual\n"), std::string::npos);
}

TEST(LibotrApps, KopeteRoundTripIsLossless) {
    test::TempDir tmp;
    KeyStore back = round_trip("kopete", "kopete", tmp);
    KeyStore original = read_app("kopete", test::fixture("kopete"));
    EXPECT_EQ(account_summary(back), account_summary(original));
    EXPECT_EQ(peer_summary(back), peer_summary(original));
}

// Thousands of accounts, two of each name with different resources, in no order: each entry
// is written under its own (accounts are found by a hash of their names; a search per entry
// took 6 s for a hostile file's 100k accounts).
TEST(LibotrApps, EachOfThousandsOfAccountsWritesItsOwnEntries) {
    test::TempDir tmp;
    constexpr int kEntries = 3000;
    KeyStore store = test::numbered_peers(kEntries, [](int i) {
        return AccountId{"prpl-jabber", "u" + std::to_string(i / 2) + "@x.org", "r" + std::to_string(i % 2)};
    });
    std::shuffle(store.peers.begin(), store.peers.end(), std::mt19937(3));
    commit_files(find_app("pidgin")->plan_write(store, tmp.path()).files);
    test::expect_rows_of_numbered_peers(tmp / "otr.fingerprints", kEntries,
                                        [](int i) { return "u" + std::to_string(i / 2) + "@x.org/r" + std::to_string(i % 2); });
}

// An accounts.xml of thousands of XMPP accounts (one bare name listed twice): an entry from an
// app without resources is written under the resource of its account's first listing (found
// by a hash; a search per account took seconds for a hostile list).
TEST(LibotrApps, PidginTakesTheResourceOfEachOfThousandsOfAccounts) {
    test::TempDir tmp;
    constexpr int kAccounts = 3000;
    std::string xml = "<?xml version='1.0' encoding='UTF-8' ?>\n<account version='1.0'>\n";
    auto listed = [&](const std::string& name) { xml += "<account><protocol>prpl-jabber</protocol><name>" + name + "</name></account>\n"; };
    for (int i = 0; i < kAccounts; ++i) listed("u" + std::to_string(i) + "@x.org/r" + std::to_string(i));
    listed("u0@x.org/later");
    xml += "</account>\n";
    test::write_text(tmp / "accounts.xml", xml);
    KeyStore store = test::numbered_peers(kAccounts, [](int i) { return AccountId{"prpl-jabber", "u" + std::to_string(i) + "@x.org", std::nullopt}; });
    commit_files(find_app("pidgin")->plan_write(store, tmp.path()).files);
    test::expect_rows_of_numbered_peers(tmp / "otr.fingerprints", kAccounts,
                                        [](int i) { return "u" + std::to_string(i) + "@x.org/r" + std::to_string(i); });
}

TEST(LibotrApps, PidginTakesTheXmppResourceFromAccountsXml) {
    test::TempDir tmp;
    test::write_text(tmp / "accounts.xml", test::read_text(test::fixture("pidgin/accounts.xml")));
    KeyStore store;
    KeyStore pidgin = read_app("pidgin", test::fixture("pidgin"));
    Account a = pidgin.accounts[0];
    a.id.resource.reset();  // as if it came from an app without resources
    store.accounts.push_back(a);
    WritePlan plan = find_app("pidgin")->plan_write(store, tmp.path());
    ASSERT_EQ(plan.files.size(), 1u);
    EXPECT_NE(std::string(plan.files[0].contents).find("(name \"gptest@limun.org/homeresource\")"), std::string::npos);
}

TEST(LibotrApps, IrssiWritesOnlyIrcButKeepsWhatItHolds) {
    test::TempDir tmp;
    KeyStore pidgin = read_app("pidgin", test::fixture("pidgin"));
    WritePlan plan = find_app("irssi")->plan_write(pidgin, tmp.path());
    EXPECT_TRUE(plan.files.empty());
    EXPECT_EQ(plan.notes.size(), pidgin.accounts.size() + pidgin.peers.size());
    EXPECT_NE(plan.notes[0].find("irssi has no prpl-jabber accounts"), std::string::npos) << plan.notes[0];
}

TEST(LibotrApps, ADamagedKeyAlreadyInTheTargetIsNeverDropped) {
    test::TempDir tmp;
    fs::copy(test::fixture("pidgin"), tmp.path(), fs::copy_options::recursive);
    KeyStore store = read_app("pidgin", tmp.path());
    WritePlan plan = find_app("pidgin")->plan_write(store, tmp.path());
    EXPECT_EQ(plan.content.accounts.size(), 3u);
    // ...but it is not spread to a new location.
    test::TempDir other;
    EXPECT_EQ(find_app("pidgin")->plan_write(store, other.path()).content.accounts.size(), 2u);
}

}  // namespace keysync
