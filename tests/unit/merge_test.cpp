#include <algorithm>
#include <array>
#include <cstdlib>
#include <random>

#include <gtest/gtest.h>

#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "keysync/merge.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
PeerFingerprint peer(const std::string& name, char fp, Trust trust) {
    return {name, {"prpl-jabber", "me@x", std::nullopt}, *Fingerprint::parse(std::string(40, fp)), trust, "t"};
}
PeerFingerprint of_any_account(const std::string& name, char fp, Trust trust) {
    PeerFingerprint p = peer(name, fp, std::move(trust));
    p.account = AccountId::any("prpl-jabber");
    return p;
}
// The merged entries as they are ordered (peer_summary sorts them).
std::vector<std::string> in_merge_order(const KeyStore& store) {
    std::vector<std::string> out;
    for (const PeerFingerprint& p : store.peers)
        out.push_back(p.peer + " " + p.account.name + " " + p.account.protocol + " " + p.fingerprint.hex() + " " +
                      std::string(to_string(p.trust.level)) + (p.name_is_mangled ? " mangled" : ""));
    return out;
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

// Up to kMaxSharingFingerprint entries may have one fingerprint (a key several contacts or
// accounts share); one more is refused with an Error naming the entry's file and line.
TEST(Merge, AnIndexRefusesMoreEntriesOfOneFingerprintThanAClientKeeps) {
    constexpr std::size_t kMax = PeerIndex::kMaxSharingFingerprint;
    std::vector<PeerFingerprint> peers;
    for (std::size_t i = 0; i < kMax; ++i) peers.push_back(peer("p" + std::to_string(i) + "@y", 'a', Trust::verified()));
    PeerIndex index(peers);
    PeerFingerprint last = peer("p" + std::to_string(kMax - 1) + "@y", 'a', Trust::verified());
    EXPECT_EQ(index.find(last), kMax - 1);
    std::size_t contacts = 0;
    index.each_contact(last, [&](std::size_t) { ++contacts; });
    EXPECT_EQ(contacts, 1u);
    peers.push_back(peer("one-too-many@y", 'a', Trust::verified()));
    peers.back().source = SourceLine(Interned("pidgin:/home/u/.purple/otr.fingerprints"), 1025);
    index.add(kMax);
    try {
        index.find(peers.back());
        ADD_FAILURE() << "not refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("pidgin:/home/u/.purple/otr.fingerprints:1025: more than 1024 entries have the fingerprint " +
                                             std::string(40, 'a')),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(index.each_contact(peers.back(), [](std::size_t) {}), Error);
    // Another fingerprint is found as before.
    peers.push_back(peer("other@y", 'b', Trust::verified()));
    index.add(kMax + 1);
    EXPECT_EQ(index.find(peers.back()), kMax + 1);
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

// holds_all is changes_between finding nothing, with trust counted only up to what the location
// can keep: Jitsi keeps an SMP-verified fingerprint as verified, and that is all it can hold.
TEST(Merge, HoldsAllIsNoChangeUpToTheHighestTrustTheLocationKeeps) {
    std::vector<Account> keys = find_app("pidgin")->read(test::fixture("pidgin")).accounts;
    ASSERT_GE(keys.size(), 2u);
    KeyStore before;
    before.accounts = {keys[0]};
    before.peers = {peer("bob", 'a', Trust::verified()), peer("carol", 'b', {}), of_any_account("dave", 'd', Trust::verified())};
    auto holds = [&](const KeyStore& after, TrustLevel highest = TrustLevel::Smp) {
        bool held = holds_all(held_store(before), after, LocationLimits{highest, false});
        if (highest == TrustLevel::Smp) {
            EXPECT_EQ(held, changes_between(before, after).empty());
        }
        return held;
    };
    KeyStore after = before;
    EXPECT_TRUE(holds(after));
    after.peers.push_back(peer("dave", 'd', Trust::verified()));  // dave for one account: held for any
    EXPECT_TRUE(holds(after));
    after.peers[0].trust = Trust::smp();
    EXPECT_FALSE(holds(after));
    EXPECT_TRUE(holds(after, TrustLevel::Verified));
    after.peers[1].trust = Trust::verified();
    EXPECT_FALSE(holds(after, TrustLevel::Verified));
    after = before;
    after.peers.push_back(peer("erin", 'e', {}));
    EXPECT_FALSE(holds(after, TrustLevel::Verified));
    after = before;
    after.accounts.push_back(keys[1]);
    EXPECT_FALSE(holds(after));
    after.accounts = {keys[1]};
    after.accounts[0].id = keys[0].id;  // its account with another key
    EXPECT_FALSE(holds(after));
}

// ChatSecure keeps one unverified fingerprint of a contact: another unverified one of a contact
// it holds (given after what it holds) is not one it would take; a verified one, one of a
// contact it lacks, or one of another protocol is.
TEST(Merge, HoldsAllSkipsAnotherUnverifiedFingerprintOfAContactWhereOneIsKept) {
    KeyStore before;
    before.peers = {of_any_account("bob", 'a', {}), of_any_account("carol", 'c', Trust::verified())};
    const LocationLimits chatsecure{TrustLevel::Verified, true};
    KeyStore after = before;
    after.peers.push_back(peer("bob", 'b', {}));
    after.peers.push_back(peer("carol", 'd', {}));
    EXPECT_TRUE(holds_all(held_store(before), after, chatsecure));
    EXPECT_FALSE(holds_all(held_store(before), after, {TrustLevel::Verified, false}));
    EXPECT_EQ(changes_between(before, after).added_fingerprint_count, 2u);  // a report still tells them
    for (PeerFingerprint more : {peer("bob", 'e', Trust::verified()), peer("dave", 'f', {})}) {
        KeyStore with = after;
        with.peers.push_back(more);
        EXPECT_FALSE(holds_all(held_store(before), with, chatsecure)) << more.peer;
    }
    KeyStore other_protocol = after;
    other_protocol.peers.back().account.protocol = "prpl-irc";
    EXPECT_FALSE(holds_all(held_store(before), other_protocol, chatsecure));
    // A hostile keystore's one contact with 100k fingerprints is one contact to look up, not
    // 100k entries under one name (that took minutes).
    KeyStore many;
    for (int i = 0; i < 100000; ++i)
        many.peers.push_back({"bob", AccountId::any("prpl-jabber"), test::numbered_fingerprint(i), Trust::verified(), "t"});
    KeyStore more = many;
    more.peers.push_back(peer("bob", 'b', {}));
    EXPECT_TRUE(holds_all(held_store(many), more, chatsecure));
    more.peers.push_back(peer("carol", 'c', {}));
    EXPECT_FALSE(holds_all(held_store(many), more, chatsecure));
}

// Jitsi and ChatSecure know a contact for any account: that raises trust where another app ties
// the contact to accounts, but spreads it to no further account; only a contact nobody else has
// stays "any account". The result does not depend on the stores' order.
TEST(Merge, ContactsOfAnyAccountFoldIntoTheContactsAccounts) {
    KeyStore pidgin, jitsi, chatsecure;
    PeerFingerprint bob_work = peer("bob", 'a', {});
    bob_work.account.name = "work@x";
    pidgin.peers = {peer("bob", 'a', {}), bob_work, peer("carol", 'c', {})};
    jitsi.peers = {of_any_account("bob", 'a', Trust::verified()), of_any_account("dave", 'd', {})};
    chatsecure.peers = {of_any_account("carol", 'c', Trust::smp()), of_any_account("dave", 'd', Trust::verified())};
    std::vector<std::vector<const KeyStore*>> orders{{&pidgin, &jitsi, &chatsecure}, {&jitsi, &chatsecure, &pidgin},
                                                     {&chatsecure, &pidgin, &jitsi}};
    for (const auto& order : orders) {
        std::vector<std::string> summary = test::peer_summary(merge(order).store);
        std::sort(summary.begin(), summary.end());
        EXPECT_EQ(summary, (std::vector<std::string>{"bob me@x prpl-jabber " + std::string(40, 'a') + " verified",
                                                     "bob work@x prpl-jabber " + std::string(40, 'a') + " verified",
                                                     "carol me@x prpl-jabber " + std::string(40, 'c') + " smp",
                                                     "dave  prpl-jabber " + std::string(40, 'd') + " verified"}));
    }
}

// A contact of any account is no addition to an app that has it for one account, and the other
// way round; its higher trust still is.
TEST(Merge, ChangesSeeContactsOfAnyAccount) {
    KeyStore jitsi, pidgin;
    jitsi.peers = {of_any_account("bob", 'a', {})};
    pidgin.peers = {peer("bob", 'a', Trust::verified())};
    StoreChanges c = changes_between(jitsi, pidgin);
    EXPECT_TRUE(c.added_fingerprints.empty());
    ASSERT_EQ(c.raised_trust.size(), 1u);
    EXPECT_EQ(c.raised_trust[0].before, TrustLevel::Unverified);
    EXPECT_EQ(changes_between(pidgin, KeyStore{{}, {of_any_account("carol", 'c', {})}, {}}).added_fingerprints.size(), 1u);
}

// Jitsi knows contacts missing from its contact list by their mangled names only; what it will
// hold names them by their real names. Each such entry is the one it held, in its place or not,
// and only a higher trust or another fingerprint is a change.
TEST(Merge, ChangesSeeJitsisMangledNamesAsTheRealOnes) {
    KeyStore jitsi, planned;
    for (const char* name : {"bob_x_org", "carol_y_org", "dave_z_org"}) {
        jitsi.peers.push_back(of_any_account(name, name[0], {}));
        jitsi.peers.back().name_is_mangled = true;
    }
    planned.peers = {of_any_account("bob@x.org", 'b', {}), of_any_account("carol@y.org", 'c', Trust::verified()),
                     of_any_account("dave@z.org", 'd', {})};
    StoreChanges in_place = changes_between(jitsi, planned);
    EXPECT_EQ(in_place.added_fingerprint_count, 0u);
    EXPECT_EQ(in_place.raised_trust_count, 1u);
    std::swap(planned.peers[0], planned.peers[2]);  // out of place: found all the same
    StoreChanges c = changes_between(jitsi, planned);
    EXPECT_EQ(c.added_fingerprint_count, 0u);
    ASSERT_EQ(c.raised_trust.size(), 1u);
    EXPECT_EQ(c.raised_trust[0].peer.peer, "carol@y.org");
    planned.peers[1] = of_any_account("carol@y.org", 'e', {});  // in carol's place, another fingerprint
    c = changes_between(jitsi, planned);
    ASSERT_EQ(c.added_fingerprints.size(), 1u);
    EXPECT_EQ(c.added_fingerprints[0].fingerprint, *Fingerprint::parse(std::string(40, 'e')));
    EXPECT_TRUE(c.raised_trust.empty());
    planned.peers[1] = of_any_account("carol_y_org", 'c', {});  // the mangled name as a real one: another contact
    planned.peers[1].name_is_mangled = false;
    EXPECT_EQ(changes_between(jitsi, planned).added_fingerprint_count, 0u);  // (found by its exact name)
}

// PeerIndex finds an entry by its own name and, for Jitsi's contacts known only mangled, by the
// real name's mangled form; a renamed entry is found by its new name where it is.
TEST(Merge, PeerIndexFindsExactAndMangledNames) {
    std::vector<PeerFingerprint> peers{peer("bob@x.org", 'a', {}), peer("carol_y_org", 'b', {})};
    peers[1].name_is_mangled = true;
    PeerIndex index(peers);
    EXPECT_EQ(index.find(peer("bob@x.org", 'a', {})), std::optional<std::size_t>(0));
    EXPECT_EQ(index.find(peer("bob@x.org", 'b', {})), std::nullopt);
    EXPECT_EQ(index.find(peer("carol@y.org", 'b', {})), std::optional<std::size_t>(1));
    PeerFingerprint mangled_bob = peer("bob_x_org", 'a', {});
    mangled_bob.name_is_mangled = true;
    EXPECT_EQ(index.find(mangled_bob), std::optional<std::size_t>(0));
    EXPECT_EQ(index.find_contact(of_any_account("bob@x.org", 'a', {})), std::vector<std::size_t>{0});
    peers[1].peer = "carol@y.org";  // renamed in place: names are not hashed
    peers[1].name_is_mangled = false;
    EXPECT_EQ(index.find(peer("carol@y.org", 'b', {})), std::optional<std::size_t>(1));
    index.remove(1);  // another fingerprint: hashed elsewhere
    peers[1].fingerprint = *Fingerprint::parse(std::string(40, 'e'));
    index.add(1);
    EXPECT_EQ(index.find(peer("carol@y.org", 'b', {})), std::nullopt);
    EXPECT_EQ(index.find(peer("carol@y.org", 'e', {})), std::optional<std::size_t>(1));
    peers.push_back(peer("dave", 'c', {}));
    index.add(2);
    EXPECT_EQ(index.find(peer("dave", 'c', {})), std::optional<std::size_t>(2));
}

// An app that ties contacts to accounts gets a contact of any account once for each of its
// accounts of that protocol; Jitsi keeps it as it is.
TEST(Merge, PlanUpdateGivesContactsOfAnyAccountEveryAccountOfTheirProtocol) {
    test::TempDir tmp;
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    std::size_t xmpp = static_cast<std::size_t>(std::count_if(pidgin.accounts.begin(), pidgin.accounts.end(),
                                                              [](const Account& a) { return a.id.protocol == "prpl-jabber"; }));
    ASSERT_GE(xmpp, 2u);
    KeyStore target = pidgin;
    target.peers = {of_any_account("zoe@z.org", 'e', Trust::verified())};
    LocationUpdate update = plan_update({find_app("pidgin"), tmp.path()}, KeyStore{}, target);
    ASSERT_EQ(update.changes.added_fingerprints.size(), xmpp);
    EXPECT_EQ(update.changes.added_fingerprint_count, xmpp);
    for (const PeerFingerprint& p : update.changes.added_fingerprints) {
        EXPECT_FALSE(p.account.is_any());
        EXPECT_EQ(p.account.protocol, "prpl-jabber");
        EXPECT_NE(pidgin.find_account(p.account), nullptr);
    }
    std::string rows = test::planned_text(update.plan.files.back());  // made only when staged
    EXPECT_EQ(static_cast<std::size_t>(std::count(rows.begin(), rows.end(), '\n')), xmpp) << rows;
}

}  // namespace keysync

namespace keysync {

// A large sync reports every change by count but lists only the first StoreChanges::kListed.
TEST(Merge, LargeChangesAreCountedAllAndListedFirst) {
    const std::size_t added = StoreChanges::kListed + 150, raised = StoreChanges::kListed + 7;
    KeyStore before, after;
    for (std::size_t i = 0; i < raised; ++i) {
        before.peers.push_back(peer("old" + std::to_string(i), 'a', Trust::unverified()));
        after.peers.push_back(peer("old" + std::to_string(i), 'a', Trust::verified()));
    }
    for (std::size_t i = 0; i < added; ++i) after.peers.push_back(peer("new" + std::to_string(i), 'b', Trust::smp()));
    StoreChanges c = changes_between(before, after);
    EXPECT_EQ(c.added_fingerprint_count, added);
    EXPECT_EQ(c.raised_trust_count, raised);
    ASSERT_EQ(c.added_fingerprints.size(), StoreChanges::kListed);
    ASSERT_EQ(c.raised_trust.size(), StoreChanges::kListed);
    EXPECT_EQ(c.added_fingerprints.front().peer, "new0");
    EXPECT_EQ(c.raised_trust.back().peer.peer, "old" + std::to_string(StoreChanges::kListed - 1));

    LocationUpdate update{{find_app("pidgin"), "/nonexistent"}, {}, c, {}};
    for (std::size_t i = 0; i < StoreChanges::kListed + 5; ++i) update.plan.notes.push_back("skipped " + std::to_string(i));
    std::vector<std::string> lines = describe_update(update);
    EXPECT_EQ(lines.size(), 3 * StoreChanges::kListed + 3);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "! skipped 0"), lines.end());
    EXPECT_EQ(std::find(lines.begin(), lines.end(), "! skipped " + std::to_string(StoreChanges::kListed)), lines.end());
    EXPECT_NE(std::find(lines.begin(), lines.end(), "! 5 more notes like these"), lines.end());
    EXPECT_NE(std::find(lines.begin(), lines.end(), "+ 150 more fingerprints"), lines.end());
    EXPECT_NE(std::find(lines.begin(), lines.end(), "^ trust raised for 7 more fingerprints"), lines.end());
}

}  // namespace keysync

namespace keysync {

// A convert into an empty location takes the source's entries instead of copying them, and
// still merges repeated ones.
TEST(Merge, AStoreItMayTakeIsMergedInPlace) {
    KeyStore empty, source;
    source.peers = {peer("bob", 'a', Trust::unverified()), peer("carol", 'b', {}), peer("bob", 'a', Trust::smp())};
    KeyStore copy = source;
    MergeResult taken = merge({&empty, &source}, {&source});
    MergeResult copied = merge({&empty, &copy});
    EXPECT_EQ(test::peer_summary(taken.store), test::peer_summary(copied.store));
    EXPECT_EQ(test::peer_summary(taken.store),
              (std::vector<std::string>{"bob me@x prpl-jabber " + std::string(40, 'a') + " smp",
                                        "carol me@x prpl-jabber " + std::string(40, 'b') + " unverified"}));
    EXPECT_TRUE(source.peers.empty());
    EXPECT_EQ(copy.peers.size(), 3u);  // not in MAY_TAKE: left as it was
}

}  // namespace keysync

namespace keysync {

// Contacts of any account are merged apart from the others; those no app ties to an account
// come back where they were added among the others (writers keep new entries in merge order),
// whether the store holding them was taken or copied.
TEST(Merge, ContactsOfAnyAccountLeftOverKeepTheirPlace) {
    KeyStore jitsi, pidgin;
    jitsi.peers = {of_any_account("erin", 'e', {}), peer("bob", 'a', {}), of_any_account("bob", 'a', Trust::verified()),
                   of_any_account("dave", 'd', {}), peer("carol", 'c', {})};
    pidgin.peers = {peer("zoe", 'f', {}), of_any_account("dave", 'd', Trust::smp())};
    const std::string a(40, 'a'), c(40, 'c'), d(40, 'd'), e(40, 'e'), f(40, 'f');
    const std::vector<std::string> expected{"erin  prpl-jabber " + e + " unverified", "bob me@x prpl-jabber " + a + " verified",
                                            "dave  prpl-jabber " + d + " smp", "carol me@x prpl-jabber " + c + " unverified",
                                            "zoe me@x prpl-jabber " + f + " unverified"};
    KeyStore copy = jitsi;
    EXPECT_EQ(in_merge_order(merge({&copy, &pidgin}).store), expected);
    EXPECT_EQ(in_merge_order(merge({&jitsi, &pidgin}, {&jitsi}).store), expected);
    EXPECT_TRUE(jitsi.peers.empty());
}

// Many contacts of any account are looked up on the sync's threads: the merge is the same,
// entry for entry and in order, as on one thread.
TEST(Merge, ManyContactsOfAnyAccountMergeAsOnOneThread) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> byte(0, 255), kind(0, 3);
    KeyStore pidgin, jitsi;
    for (int i = 0; i < 40000; ++i) {
        std::array<unsigned char, 20> fp{};
        for (auto& b : fp) b = static_cast<unsigned char>(byte(rng));
        std::string name = "peer" + std::to_string(i) + "@x.org";
        PeerFingerprint tied{name, {"prpl-jabber", i % 3 ? "me@x" : "work@x", std::nullopt}, Fingerprint(fp), {}, "t"};
        PeerFingerprint any{name, AccountId::any("prpl-jabber"), Fingerprint(fp), i % 5 ? Trust::verified() : Trust::smp(), "t"};
        switch (kind(rng)) {
        case 0: pidgin.peers.push_back(tied); break;  // an account's only
        case 1: jitsi.peers.push_back(any); break;    // nobody ties it to an account
        case 2: pidgin.peers.push_back(tied), jitsi.peers.push_back(any); break;
        default:  // known to Jitsi by its mangled name only
            pidgin.peers.push_back(tied);
            any.peer = jitsi_mangle(name);
            any.name_is_mangled = true;
            jitsi.peers.push_back(any);
        }
    }
    auto merged_on = [&](const char* threads) {
        setenv("KEYSYNC_THREADS", threads, 1);
        std::vector<std::string> out = in_merge_order(merge({&pidgin, &jitsi}).store);
        unsetenv("KEYSYNC_THREADS");
        return out;
    };
    std::vector<std::string> one = merged_on("1");
    EXPECT_GT(one.size(), 30000u);
    EXPECT_LT(one.size(), jitsi.peers.size() + pidgin.peers.size());  // Jitsi's contacts folded into the accounts'
    EXPECT_EQ(merged_on("2"), one);
}

// A store of contacts of any account only (Jitsi's, ChatSecure's) after one tied to accounts is
// taken whole as the contacts' list and merged in place: the same result as copying it.
TEST(Merge, ATakenStoreOfContactsOfAnyAccountMergesAsCopied) {
    KeyStore pidgin, jitsi;
    pidgin.peers = {peer("bob", 'a', {}), peer("carol", 'c', {})};
    PeerFingerprint mangled = of_any_account("dave_x_org", 'd', {});
    mangled.name_is_mangled = true;
    jitsi.peers = {of_any_account("erin", 'e', {}), of_any_account("bob", 'a', Trust::verified()), mangled,
                   of_any_account("erin", 'e', Trust::smp()), of_any_account("dave_x.org", 'd', Trust::verified())};
    const std::string a(40, 'a'), c(40, 'c'), d(40, 'd'), e(40, 'e');
    const std::vector<std::string> expected{"bob me@x prpl-jabber " + a + " verified", "carol me@x prpl-jabber " + c + " unverified",
                                            "erin  prpl-jabber " + e + " smp", "dave_x.org  prpl-jabber " + d + " verified"};
    KeyStore copy = jitsi;
    EXPECT_EQ(in_merge_order(merge({&pidgin, &copy}).store), expected);
    KeyStore pidgin_again = pidgin;
    EXPECT_EQ(in_merge_order(merge({&pidgin_again, &jitsi}, {&pidgin_again, &jitsi}).store), expected);
    EXPECT_TRUE(jitsi.peers.empty());
}

}  // namespace keysync

namespace keysync {

// A location synced before holds the merged entries in its order, so the ones in their places
// are taken as they are and only the rest looked up: an entry out of place after them, and one
// the location does not hold, still come out right, in order and in the changes.
TEST(Merge, EntriesInTheirPlacesAndTheRestOrderAndCompareAlike) {
    KeyStore location;
    location.peers = {peer("alice", 'a', {}), peer("bob", 'b', {}), peer("carol", 'c', {})};
    MergeResult merged;
    merged.store.peers = {peer("alice", 'a', {}), peer("carol", 'c', Trust::verified()), peer("bob", 'b', {}), peer("dave", 'd', {})};
    KeyStore target = store_for_location(merged, location);
    const std::string a(40, 'a'), b(40, 'b'), c(40, 'c'), d(40, 'd');
    EXPECT_EQ(in_merge_order(target),
              (std::vector<std::string>{"alice me@x prpl-jabber " + a + " unverified", "bob me@x prpl-jabber " + b + " unverified",
                                        "carol me@x prpl-jabber " + c + " verified", "dave me@x prpl-jabber " + d + " unverified"}));
    StoreChanges changes = changes_between(location, target);
    EXPECT_EQ(changes.added_fingerprint_count, 1u);
    ASSERT_EQ(changes.added_fingerprints.size(), 1u);
    EXPECT_EQ(changes.added_fingerprints[0].peer, "dave");
    EXPECT_EQ(changes.raised_trust_count, 1u);
    ASSERT_EQ(changes.raised_trust.size(), 1u);
    EXPECT_EQ(changes.raised_trust[0].peer.peer, "carol");
    // All in their places: nothing to reorder, nothing new.
    EXPECT_TRUE(changes_between(location, location).empty());
    EXPECT_EQ(in_merge_order(store_for_location(MergeResult{location, {}}, location)), in_merge_order(location));
}

}  // namespace keysync

namespace keysync {

// A sync keeps each location's entries as places in the merged store (HeldInMerged) instead of
// whole: they give the same order and the same changes as the location's own entries, for
// entries tied to accounts and contacts of any account, folded or left over, taken or copied,
// known by a mangled name or the real one, and repeated within a store.
TEST(Merge, EntriesHeldAsPlacesInTheMergeOrderAndCompareAsTheWholeEntries) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> pick(0, 9), fp_byte(0, 255);
    std::vector<Fingerprint> fps;
    for (int i = 0; i < 60; ++i) {
        std::array<unsigned char, 20> fp{};
        for (auto& b : fp) b = static_cast<unsigned char>(fp_byte(rng));
        fps.push_back(Fingerprint(fp));
    }
    auto trust = [&] { int t = pick(rng) % 3; return t == 0 ? Trust::unverified() : t == 1 ? Trust::verified() : Trust::smp(); };
    auto tied = [&](int i, const char* account) {
        return PeerFingerprint{"p" + std::to_string(i) + "@x.org", {"prpl-jabber", account, std::nullopt}, fps[static_cast<std::size_t>(i)],
                               trust(), "t"};
    };
    auto any = [&](int i, bool mangled) {
        PeerFingerprint p{"p" + std::to_string(i) + "@x.org", AccountId::any("prpl-jabber"), fps[static_cast<std::size_t>(i)], trust(), "t"};
        if (mangled) p.peer = jitsi_mangle(p.peer), p.name_is_mangled = true;
        return p;
    };
    for (int round = 0; round < 50; ++round) {
        // Pidgin's (taken whole), Jitsi's (the first contacts of any account, some mangled),
        // Kopete's (copied) and ChatSecure's (copied), each a random part of 60 contacts, in a
        // random order, some twice.
        std::vector<KeyStore> stores(4);
        for (int i = 0; i < 60; ++i) {
            if (pick(rng) < 6) stores[0].peers.push_back(tied(i, i % 2 ? "me@x" : "work@x"));
            if (pick(rng) < 5) stores[1].peers.push_back(any(i, pick(rng) < 3));
            if (pick(rng) < 4) stores[2].peers.push_back(tied(i, "me@x"));
            if (pick(rng) < 5) stores[3].peers.push_back(any(i, false));
        }
        if (stores[1].peers.empty()) stores[1].peers.push_back(any(0, false));
        for (KeyStore& s : stores) {
            std::shuffle(s.peers.begin(), s.peers.end(), rng);
            if (!s.peers.empty() && pick(rng) < 5) s.peers.push_back(s.peers.front());
        }
        std::vector<HeldStore> whole;
        for (const KeyStore& s : stores) whole.push_back(held_store(s));
        std::vector<std::vector<HeldInMerged>> places(stores.size());
        Merger merger;
        for (std::size_t s = 0; s < stores.size(); ++s) merger.add(std::move(stores[s]), &places[s]);
        MergeResult merged = std::move(merger).finish({&places[0], &places[1], &places[2], &places[3]});
        for (std::size_t s = 0; s < stores.size(); ++s) {
            SCOPED_TRACE("round " + std::to_string(round) + ", store " + std::to_string(s));
            HeldStore held{{}, {}, places[s], &merged.store};
            ASSERT_EQ(held.entry_count(), whole[s].peers.size());
            EXPECT_EQ(location_order(merged.store, held), location_order(merged.store, whole[s]));
            HeldStore in_full = held_in_full(held);
            ASSERT_EQ(in_full.peers.size(), whole[s].peers.size());
            for (std::size_t k = 0; k < in_full.peers.size(); ++k) {
                const HeldEntry &a = in_full.peers[k], &b = whole[s].peers[k];
                EXPECT_TRUE(a.fingerprint == b.fingerprint && a.level == b.level && a.account.protocol == b.account.protocol &&
                            a.account.name == b.account.name && same_peer_name(a.peer, a.name_is_mangled, b.peer, b.name_is_mangled))
                    << "entry " << k;
            }
            KeyStore target = store_for_location(merged, whole[s]);
            StoreChanges from_whole = changes_between(whole[s], target);
            for (const HeldStore* from : {&held, &in_full}) {
                StoreChanges changes = changes_between(*from, target);
                EXPECT_EQ(changes.added_fingerprint_count, from_whole.added_fingerprint_count);
                EXPECT_EQ(changes.raised_trust_count, from_whole.raised_trust_count);
            }
        }
    }
}

}  // namespace keysync

namespace keysync {

// A location that already holds what the merge gives it, in its order (a sync run again), is
// compared entry by entry from the places it is held as: a trust another location raised is a
// change, and nothing else is.
TEST(Merge, EntriesHeldAsPlacesInTheirPlacesCompareInPlace) {
    KeyStore laptop, phone;
    laptop.peers = {peer("alice", 'a', Trust::verified()), peer("bob", 'b', {}), of_any_account("carol", 'c', {})};
    phone.peers = {peer("alice", 'a', {}), peer("bob", 'b', {}), of_any_account("carol", 'c', Trust::smp())};
    std::vector<HeldInMerged> laptop_places, phone_places;
    Merger merger;
    merger.add(KeyStore(laptop), &laptop_places);
    merger.add(KeyStore(phone), &phone_places);
    MergeResult merged = std::move(merger).finish({&laptop_places, &phone_places});
    for (auto [store, places, raised] : {std::tuple{&laptop, &laptop_places, 1u}, std::tuple{&phone, &phone_places, 1u}}) {
        HeldStore held{{}, {}, *places, &merged.store};
        KeyStore target = store_for_location(merged, *store);
        StoreChanges changes = changes_between(held, target);
        EXPECT_EQ(changes.added_fingerprint_count, 0u);
        EXPECT_EQ(changes.raised_trust_count, raised);
        EXPECT_EQ(changes.raised_trust_count, changes_between(*store, target).raised_trust_count);
        // Asked of the merged entries in the location's order, not copied: the same answer.
        EntryOrder order = location_order(merged.store, held);
        for (TrustLevel highest : {TrustLevel::Verified, TrustLevel::Smp}) {
            for (bool one_unverified : {false, true}) {
                LocationLimits limits{highest, one_unverified};
                EXPECT_EQ(holds_all(held, merged, order, limits), holds_all(held, target, limits));
            }
        }
        EXPECT_FALSE(holds_all(held, merged, order, {TrustLevel::Verified, true}));  // each is raised to verified at least
        HeldStore holding_all = held_store(target);
        EXPECT_TRUE(holds_all(holding_all, merged, location_order(merged.store, holding_all), LocationLimits{}));
    }
}

}  // namespace keysync

namespace keysync {

// Jitsi and ChatSecure hold contacts of any account, which the merge folds into the entries tied
// to accounts, and in their own order: asked whether they hold the merged entries (a sync run
// again), each is compared with the entry its contact became, and the answer is the whole
// comparison's — also where a contact folded into two accounts' entries, where another app
// trusts it more, and where ChatSecure would not take another unverified fingerprint.
TEST(Merge, ContactsOfAnyAccountHeldAsPlacesCompareAsTheWholeEntries) {
    PeerFingerprint bob_work = peer("bob", 'a', {});
    bob_work.account.name = "work@x";
    struct Case {
        const char* what;
        std::vector<PeerFingerprint> pidgin, jitsi;
        bool holds_all, holds_all_keeping_one_unverified;
    };
    const std::vector<Case> cases{
        {"the same, in another order", {peer("bob", 'a', {}), peer("carol", 'c', Trust::verified())},
         {of_any_account("carol", 'c', Trust::verified()), of_any_account("bob", 'a', {})}, true, true},
        {"trusted more elsewhere", {peer("bob", 'a', Trust::verified()), peer("carol", 'c', {})},
         {of_any_account("carol", 'c', {}), of_any_account("bob", 'a', {})}, false, false},
        {"folded into two accounts' entries", {peer("bob", 'a', {}), bob_work},
         {of_any_account("bob", 'a', Trust::verified())}, true, true},
        {"another unverified fingerprint", {peer("bob", 'a', {}), peer("bob", 'b', {}), peer("carol", 'c', {})},
         {of_any_account("carol", 'c', {}), of_any_account("bob", 'a', {})}, false, true},
        {"another verified fingerprint", {peer("bob", 'a', {}), peer("bob", 'b', Trust::verified())},
         {of_any_account("bob", 'a', {})}, false, false},
    };
    for (const Case& c : cases) {
        KeyStore pidgin, jitsi;
        pidgin.peers = c.pidgin;
        jitsi.peers = c.jitsi;
        std::vector<HeldInMerged> pidgin_places, jitsi_places;
        Merger merger;
        merger.add(KeyStore(pidgin), &pidgin_places);
        merger.add(KeyStore(jitsi), &jitsi_places);
        MergeResult merged = std::move(merger).finish({&pidgin_places, &jitsi_places});
        HeldStore held{{}, {}, jitsi_places, &merged.store};
        EntryOrder order = location_order(merged.store, held);
        KeyStore target = store_for_location(merged, held, order);
        for (bool one_unverified : {false, true}) {
            LocationLimits limits{TrustLevel::Verified, one_unverified};
            bool expected = one_unverified ? c.holds_all_keeping_one_unverified : c.holds_all;
            EXPECT_EQ(holds_all(held, merged, order, limits), expected) << c.what << " " << one_unverified;
            EXPECT_EQ(holds_all(held_in_full(held), target, limits), expected) << c.what << " " << one_unverified;
        }
    }
}

}  // namespace keysync
