#include <array>
#include <random>

#include <gtest/gtest.h>

#include "keysync/contacts_round_trip.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
PeerFingerprint entry(const std::string& name, const std::string& account, char fp, Trust trust) {
    return {name, {"prpl-jabber", account, std::nullopt}, *Fingerprint::parse(std::string(40, fp)), trust, "t"};
}
PeerFingerprint of_any_account(const std::string& name, char fp, Trust trust) {
    PeerFingerprint p = entry(name, "", fp, std::move(trust));
    p.account = AccountId::any("prpl-jabber");
    return p;
}
}  // namespace

TEST(ContactsRoundTrip, TrustDiffersOnlyWhenOneFingerprintIsTrustedForOneAccountAndNotAnother) {
    KeyStore merged;
    merged.peers = {entry("bob", "home@x", 'b', Trust::verified()), entry("bob", "work@x", 'b', Trust::smp()),
                    entry("carol", "work@x", 'c', Trust::unverified()), of_any_account("carol", 'c', Trust::verified())};
    EXPECT_FALSE(trust_differs_between_accounts(merged));  // both trusted; a contact of any account is not an account's
    merged.peers.push_back(entry("carol", "home@x", 'c', Trust::verified()));
    EXPECT_TRUE(trust_differs_between_accounts(merged));
}

// Among many fingerprints, half of them trusted, the one trusted for one account and not for
// another is found wherever it is.
TEST(ContactsRoundTrip, TrustDiffersIsFoundAmongManyFingerprints) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    KeyStore merged;
    for (int i = 0; i < 5000; ++i) {
        std::array<unsigned char, 20> fp{};
        for (auto& b : fp) b = static_cast<unsigned char>(byte(rng));
        merged.peers.push_back({"peer" + std::to_string(i), {"prpl-jabber", "home@x", std::nullopt}, Fingerprint(fp),
                                i % 2 ? Trust::verified() : Trust::unverified(), "t"});
    }
    EXPECT_FALSE(trust_differs_between_accounts(merged));  // half of them trusted, each fingerprint once
    PeerFingerprint same = merged.peers[1234];  // untrusted for home@x, trusted for work@x
    same.account.name = "work@x";
    same.trust = Trust::smp();
    merged.peers.insert(merged.peers.begin() + 17, same);
    EXPECT_TRUE(trust_differs_between_accounts(merged));
}

TEST(ContactsRoundTrip, ContentComesBackWithMoreOnlyWhereTheMergeWouldChange) {
    KeyStore merged;
    merged.accounts = {{{"prpl-jabber", "home@x", std::nullopt}, {}, "t"}};
    merged.peers = {entry("bob", "home@x", 'b', Trust::verified()), entry("bob", "work@x", 'b', Trust::unverified()),
                    of_any_account("dave", 'd', Trust::unverified())};
    PeerIndex index(merged.peers);
    KeyStore content;
    content.accounts = merged.accounts;
    content.peers = {of_any_account("bob", 'b', Trust::unverified()), of_any_account("dave", 'd', Trust::unverified())};
    EXPECT_FALSE(comes_back_with_more(content, merged, index));  // raises nothing, adds nothing
    content.peers[0].trust = Trust::verified();  // raises bob for work@x
    EXPECT_TRUE(comes_back_with_more(content, merged, index));
    content.peers[0].trust = Trust::unverified();
    content.peers.push_back(of_any_account("erin", 'e', Trust::unverified()));  // an entry merged has nowhere
    EXPECT_TRUE(comes_back_with_more(content, merged, index));
    content.peers.pop_back();
    content.accounts.push_back({{"prpl-jabber", "laptop", std::nullopt}, {}, "t"});  // an account it lacks
    EXPECT_TRUE(comes_back_with_more(content, merged, index));
}

TEST(ContactsRoundTrip, MergeBackRaisesEveryAccountsEntryAndKeepsTheConflicts) {
    MergeResult merged;
    merged.store.peers = {entry("bob", "home@x", 'b', Trust::verified()), entry("bob", "work@x", 'b', Trust::unverified())};
    merged.conflicts.push_back({{"prpl-jabber", "home@x", std::nullopt}, {}});
    KeyStore content;
    content.peers = {of_any_account("bob", 'b', Trust::verified()), of_any_account("erin", 'e', Trust::unverified())};
    content.notes = {"a writer's note"};
    merge_back(merged, {content});
    EXPECT_EQ(test::peer_summary(merged.store),
              (std::vector<std::string>{"bob home@x prpl-jabber " + std::string(40, 'b') + " verified",
                                        "bob work@x prpl-jabber " + std::string(40, 'b') + " verified",
                                        "erin  prpl-jabber " + std::string(40, 'e') + " unverified"}));
    EXPECT_EQ(merged.conflicts.size(), 1u);
    EXPECT_TRUE(merged.store.notes.empty());
}

TEST(ContactsRoundTrip, ChatSecureGivesBackBonjourAndResourcesRenamed) {
    KeyStore store;
    store.peers = {entry("bob@x", "home@x", 'b', Trust::verified())};
    EXPECT_FALSE(keystore_gives_back_renamed(store));
    store.peers.push_back(entry("bob@x/phone", "home@x", 'b', Trust::verified()));
    EXPECT_TRUE(keystore_gives_back_renamed(store));
    store.peers.pop_back();
    store.accounts = {{{"prpl-bonjour", "me@laptop", std::nullopt}, {}, "t"}};
    EXPECT_TRUE(keystore_gives_back_renamed(store));
    store.accounts = {{{"prpl-irc", "me@irc.example", std::nullopt}, {}, "t"}};  // not written there at all
    EXPECT_FALSE(keystore_gives_back_renamed(store));
}

}  // namespace keysync
