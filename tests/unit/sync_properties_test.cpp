// Property tests of merge and sync over generated stores: commutative in result, idempotent,
// trust never lowered, no fingerprint dropped, conflicts found and blocking only their account.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "keysync/merge.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {

// Real keys from the samples (every one consistent, so any can be written).
std::vector<DsaKey> sample_keys() {
    std::vector<DsaKey> keys;
    for (const char* app : {"pidgin", "irssi", "gajim", "chatsecure"})
        for (const Account& a : find_app(app)->read(test::fixture(app)).accounts)
            if (a.key.private_matches_public()) keys.push_back(a.key);
    return keys;
}

const std::vector<AccountId>& account_pool() {
    static const std::vector<AccountId> pool{{"prpl-jabber", "a@x.org", std::nullopt},
                                             {"prpl-jabber", "b@y.org", std::nullopt},
                                             {"prpl-irc", "libera", std::nullopt},
                                             {"prpl-jabber", "c@z.org", std::nullopt}};
    return pool;
}

// A random store: each pool account with probability 1/2, with key KEYS[account] or (rarely) a
// different one (a conflict); peers from a small pool with random trust.
KeyStore random_store(std::mt19937& rng, const std::vector<DsaKey>& keys, int index, bool allow_conflicts) {
    KeyStore s;
    std::uniform_int_distribution<int> coin(0, 1), die(0, 9), peer_die(0, 4), fp_die(0, 2), trust_die(0, 2);
    for (std::size_t i = 0; i < account_pool().size(); ++i) {
        if (!coin(rng)) continue;
        std::size_t key = (allow_conflicts && die(rng) == 0) ? (i + 1) % keys.size() : i % keys.size();
        s.accounts.push_back({account_pool()[i], keys[key], "store" + std::to_string(index)});
    }
    int peers = peer_die(rng) * 2;
    for (int i = 0; i < peers; ++i) {
        AccountId account = account_pool()[static_cast<std::size_t>(peer_die(rng)) % account_pool().size()];
        std::string name = "peer" + std::to_string(peer_die(rng));
        auto fp = *Fingerprint::parse(std::string(40, "abc"[fp_die(rng)]));
        Trust trust = std::vector<Trust>{Trust::unverified(), Trust::verified(), Trust::smp()}[static_cast<std::size_t>(trust_die(rng))];
        if (s.find_peer(name, account, fp)) continue;
        s.peers.push_back({name, account, fp, trust, "store" + std::to_string(index)});
    }
    return s;
}

// The merged set, independent of order.
std::set<std::string> as_set(const KeyStore& s) {
    std::set<std::string> out;
    for (const Account& a : s.accounts) out.insert("A " + a.id.display() + " " + a.key.fingerprint().hex());
    for (const PeerFingerprint& p : s.peers)
        out.insert("P " + p.peer + " " + p.account.display() + " " + p.fingerprint.hex() + " " + std::string(to_string(p.trust.level)));
    return out;
}

std::set<std::string> conflict_set(const MergeResult& m) {
    std::set<std::string> out;
    for (const KeyConflict& c : m.conflicts) {
        std::set<std::string> fps;
        for (const auto& cand : c.candidates) fps.insert(cand.fingerprint.hex());
        std::string line = c.account.display();
        for (const auto& f : fps) line += " " + f;
        out.insert(line);
    }
    return out;
}

}  // namespace

TEST(SyncProperties, MergeIsCommutativeIdempotentAndNeverLosesAnything) {
    std::vector<DsaKey> keys = sample_keys();
    ASSERT_GE(keys.size(), 4u);
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        std::vector<KeyStore> stores;
        for (int i = 0; i < 4; ++i) stores.push_back(random_store(rng, keys, i, seed % 3 == 0));
        std::vector<const KeyStore*> order;
        for (const KeyStore& s : stores) order.push_back(&s);
        MergeResult first = merge(order);
        // Commutative in result: every order gives the same set (conflicting accounts aside,
        // whose key is the first seen and is never written).
        auto stable = [&](const MergeResult& m) {
            std::set<std::string> out = as_set(m.store);
            for (const KeyConflict& c : m.conflicts)
                std::erase_if(out, [&](const std::string& l) { return l.rfind("A " + c.account.display() + " ", 0) == 0; });
            return out;
        };
        for (int shuffle = 0; shuffle < 5; ++shuffle) {
            std::shuffle(order.begin(), order.end(), rng);
            MergeResult again = merge(order);
            EXPECT_EQ(stable(again), stable(first)) << "seed " << seed;
            EXPECT_EQ(conflict_set(again), conflict_set(first)) << "seed " << seed;
        }
        // Idempotent: merging the result with any input changes nothing.
        for (const KeyStore& s : stores) {
            KeyStore target = store_for_location(first, s);
            EXPECT_EQ(as_set(merge({&target, &s}).store), as_set(target)) << "seed " << seed;
            EXPECT_TRUE(changes_between(target, store_for_location(merge({&target, &s}), target)).empty()) << "seed " << seed;
        }
        // Trust never lowered, no fingerprint dropped.
        for (const KeyStore& s : stores)
            for (const PeerFingerprint& p : s.peers) {
                const PeerFingerprint* m = first.store.find_peer(p.peer, p.account, p.fingerprint);
                ASSERT_NE(m, nullptr) << "seed " << seed << " lost " << p.peer;
                EXPECT_GE(m->trust.level, p.trust.level) << "seed " << seed;
            }
        // Conflicts: exactly the accounts with two different keys; they block only themselves.
        std::set<std::string> expected;
        for (const AccountId& id : account_pool()) {
            std::set<std::string> fps;
            for (const KeyStore& s : stores)
                if (const Account* a = s.find_account(id)) fps.insert(a->key.fingerprint().hex());
            if (fps.size() > 1) {
                std::string line = id.display();
                for (const auto& f : fps) line += " " + f;
                expected.insert(line);
            }
        }
        EXPECT_EQ(conflict_set(first), expected) << "seed " << seed;
        for (const KeyStore& s : stores) {
            KeyStore target = store_for_location(first, s);
            for (const Account& a : target.accounts) {
                bool conflicted = std::any_of(first.conflicts.begin(), first.conflicts.end(), [&](const KeyConflict& c) { return c.account == a.id; });
                if (conflicted) {
                    EXPECT_TRUE(s.find_account(a.id) && s.find_account(a.id)->key.same_public(a.key)) << "seed " << seed;
                }
            }
            for (const AccountId& id : account_pool()) {
                bool conflicted = std::any_of(first.conflicts.begin(), first.conflicts.end(), [&](const KeyConflict& c) { return c.account == id; });
                if (!conflicted && first.store.find_account(id)) {
                    EXPECT_NE(target.find_account(id), nullptr) << "seed " << seed;
                }
            }
        }
    }
}

}  // namespace keysync
