// The potr family (weechat, gajim): key3 codec, .fpr files, Gajim's config, round trips and
// broken input.
#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "apps/gajim_config.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;

TEST(PotrKey, FixtureRoundTripsByteForByte) {
    std::string bytes = test::read_text(test::fixture("gajim/guardianproject.info.key3"));
    DsaKey key = parse_potr_key(bytes, "k");
    EXPECT_EQ(key.fingerprint().hex(), "203ed8dc97d55d979de3ed7620dd4fae14be9e46");
    EXPECT_EQ(bytes.size(), 446u);
    EXPECT_EQ(std::string(write_potr_key(key)), bytes);
}

TEST(PotrKey, BrokenFilesNameTheField) {
    std::string good = test::read_text(test::fixture("gajim/guardianproject.info.key3"));
    struct Case {
        std::string bytes, expected;
    };
    std::string wrong_type = good, huge = good, leading_zero = good;
    wrong_type[1] = 1;
    huge[2] = 0x7f;                                       // length of p: 2 GB
    leading_zero[6] = 0;                                  // p's first byte
    std::vector<Case> cases{
        {"", "ends inside the key type"},
        {good.substr(0, 100), "ends inside number p"},
        {good.substr(0, 300), "ends inside number y"},
        {good.substr(0, good.size() - 1), "ends inside number x"},
        {good + "x", "unexpected bytes after x"},
        {wrong_type, "key type is 1"},
        {huge, "claims"},
        {leading_zero, "leading zero byte"},
        {std::string("\0\0\0\0\0\x01\x07", 7), "ends inside the length of q"},
    };
    for (const Case& c : cases) {
        try {
            parse_potr_key(c.bytes, "bad.key3");
            ADD_FAILURE() << c.expected;
        } catch (const ParseError& e) {
            EXPECT_NE(std::string(e.what()).find("bad.key3: "), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
        }
    }
}

TEST(GajimConfig, AccountNamesMayContainDots) {
    auto accounts = parse_gajim_config(test::read_text(test::fixture("gajim/config")));
    ASSERT_GE(accounts.size(), 2u);
    EXPECT_EQ(accounts[0].account, "guardianproject.info");
    EXPECT_EQ(accounts[0].jid(), "gptest@guardianproject.info");
    EXPECT_EQ(accounts[0].resource, "Gajim");
}

TEST(GajimApp, FixtureReadsAndRoundTripsUnchanged) {
    test::TempDir tmp;
    fs::copy(test::fixture("gajim"), tmp.path(), fs::copy_options::recursive);
    const App& gajim = *find_app("gajim");
    KeyStore store = gajim.read(tmp.path());
    EXPECT_EQ(test::account_summary(store),
              std::vector<std::string>{"gptest@guardianproject.info prpl-jabber 203ed8dc97d55d979de3ed7620dd4fae14be9e46 private"});
    EXPECT_EQ(store.peers.size(), 4u);
    auto result = commit_files(gajim.plan_write(store, tmp.path()).files);
    for (const auto& c : result) EXPECT_FALSE(c.changed) << c.path;
}

TEST(GajimApp, WritesOnlyAccountsGajimHas) {
    test::TempDir tmp;
    test::write_text(tmp / "config", "accounts.work.name = gptest\naccounts.work.hostname = limun.org\n");
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    WritePlan plan = find_app("gajim")->plan_write(pidgin, tmp.path());
    ASSERT_EQ(plan.content.accounts.size(), 1u);
    EXPECT_EQ(plan.content.accounts[0].id.name, "gptest@limun.org");
    EXPECT_EQ(plan.files[0].path, tmp / "work.key3");
    bool reported = false;
    for (const auto& n : plan.notes) reported |= n.find("Gajim's config has no account gptest@jabber.org") != std::string::npos;
    EXPECT_TRUE(reported);
}

// A config of thousands of accounts (one JID listed twice): each entry goes to the .fpr file of
// its JID's first account (found by a hash; a search per entry took seconds for a hostile config).
TEST(GajimApp, EachOfThousandsOfAccountsGetsItsOwnEntries) {
    test::TempDir tmp;
    constexpr int kAccounts = 3000;
    std::string config;
    for (int i = 0; i < kAccounts; ++i)
        config += "accounts.a" + std::to_string(i) + ".name = u" + std::to_string(i) + "\naccounts.a" + std::to_string(i) + ".hostname = x.org\n";
    config += "accounts.later.name = u0\naccounts.later.hostname = x.org\n";
    test::write_text(tmp / "config", config);
    KeyStore store = test::numbered_peers(kAccounts, [](int i) { return AccountId{"prpl-jabber", "u" + std::to_string(i) + "@x.org", std::nullopt}; });
    WritePlan plan = find_app("gajim")->plan_write(store, tmp.path());
    ASSERT_EQ(plan.files.size(), static_cast<std::size_t>(kAccounts));
    for (const FileWrite& f : plan.files) {
        int i = std::stoi(f.path.filename().string().substr(1));  // "a<i>.fpr"
        EXPECT_EQ(f.path.filename().string(), "a" + std::to_string(i) + ".fpr");
        EXPECT_EQ(std::string(f.contents), "peer" + std::to_string(i) + "@y.org\tu" + std::to_string(i) + "@x.org\txmpp\t" +
                                               test::numbered_fingerprint(i).hex() + "\tverified\n");
    }
}

TEST(WeechatApp, OtrSubfolderOrTheFilesDirectly) {
    test::TempDir tmp;
    KeyStore irssi = find_app("irssi")->read(test::fixture("irssi"));
    commit_files(find_app("weechat")->plan_write(irssi, tmp.path()).files);
    EXPECT_TRUE(fs::exists(tmp / "otr/test@example.org.key3"));
    std::string fpr = test::read_text(tmp / "otr/test@example.org.fpr");
    EXPECT_NE(fpr.find("blue\ttest@example.org\tirc\tbbbbbbbbbb223444455566666777778889990aab\tsmp\n"), std::string::npos) << fpr;
    EXPECT_NE(fpr.find("testymctest\ttest@example.org\tirc\teeeeee1122223444455566666777778889990aab\tverified\n"), std::string::npos);
    KeyStore back = find_app("weechat")->read(tmp / "otr");
    EXPECT_EQ(test::peer_summary(back), test::peer_summary(irssi));
    EXPECT_EQ(test::account_summary(back), test::account_summary(irssi));
}

TEST(WeechatApp, NonIrcAccountsAreReportedByName) {
    test::TempDir tmp;
    WritePlan plan = find_app("weechat")->plan_write(find_app("pidgin")->read(test::fixture("pidgin")), tmp.path());
    EXPECT_TRUE(plan.files.empty());
    ASSERT_FALSE(plan.notes.empty());
    EXPECT_NE(plan.notes[0].find("weechat: account gptest@limun.org (prpl-jabber) not written: otr.py has only IRC accounts"),
              std::string::npos) << plan.notes[0];
}

}  // namespace keysync
