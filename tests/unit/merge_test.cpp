#include <gtest/gtest.h>

#include "keysync/merge.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
PeerFingerprint peer(const std::string& name, char fp, Trust trust) {
    return {name, {"prpl-jabber", "me@x", std::nullopt}, *Fingerprint::parse(std::string(40, fp)), trust, std::nullopt, "t"};
}
}  // namespace

TEST(Merge, TrustNeverGoesDownAndFingerprintsAreKept) {
    KeyStore a, b;
    a.peers = {peer("bob", 'a', Trust::verified()), peer("bob", 'b', Trust::unverified())};
    b.peers = {peer("bob", 'a', Trust::unverified()), peer("bob", 'b', Trust::smp()), peer("bob", 'c', {})};
    for (auto order : {std::vector<const KeyStore*>{&a, &b}, std::vector<const KeyStore*>{&b, &a}}) {
        MergeResult m = merge(order);
        EXPECT_EQ(test::peer_summary(m.store),
                  (std::vector<std::string>{"bob me@x prpl-jabber " + std::string(40, 'a') + " verified",
                                            "bob me@x prpl-jabber " + std::string(40, 'b') + " smp",
                                            "bob me@x prpl-jabber " + std::string(40, 'c') + " unverified"}));
    }
}

TEST(Merge, DifferentKeysForOneAccountAreAConflict) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore other;
    other.accounts.push_back(pidgin.accounts[1]);
    other.accounts[0].id = pidgin.accounts[0].id;  // same account, another key
    other.accounts[0].source = "elsewhere";
    MergeResult m = merge({&pidgin, &other});
    ASSERT_EQ(m.conflicts.size(), 1u);
    EXPECT_EQ(m.conflicts[0].account, pidgin.accounts[0].id);
    ASSERT_EQ(m.conflicts[0].candidates.size(), 2u);
    EXPECT_EQ(m.conflicts[0].candidates[1].source, "elsewhere");
    EXPECT_EQ(m.store.accounts[0].key.fingerprint(), pidgin.accounts[0].key.fingerprint());  // first kept
}

TEST(Merge, ChangesBetweenStores) {
    KeyStore before, after;
    before.peers = {peer("bob", 'a', {})};
    after.peers = {peer("bob", 'a', Trust::verified()), peer("carol", 'b', {})};
    StoreChanges c = changes_between(before, after);
    ASSERT_EQ(c.raised_trust.size(), 1u);
    EXPECT_EQ(c.raised_trust[0].before, TrustLevel::Unverified);
    ASSERT_EQ(c.added_fingerprints.size(), 1u);
    EXPECT_EQ(c.added_fingerprints[0].peer, "carol");
    EXPECT_TRUE(changes_between(after, after).empty());
}

}  // namespace keysync
