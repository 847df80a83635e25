#include "keysync/merge.hpp"

#include <algorithm>
#include <unordered_map>

namespace keysync {

MergeResult merge(const std::vector<const KeyStore*>& stores) {
    MergeResult result;
    KeyStore& out = result.store;
    PeerIndex index;
    for (const KeyStore* store : stores) {
        for (const Account& account : store->accounts) {
            Account* existing = nullptr;
            for (Account& a : out.accounts)
                if (a.id == account.id) existing = &a;
            if (!existing) {
                out.accounts.push_back(account);
                continue;
            }
            if (!existing->id.resource && account.id.resource) existing->id.resource = account.id.resource;
            if (existing->key.same_public(account.key)) {
                if (!existing->key.x && account.key.x) existing->key.x = account.key.x;
                continue;
            }
            KeyConflict* conflict = nullptr;
            for (KeyConflict& c : result.conflicts)
                if (c.account == account.id) conflict = &c;
            if (!conflict) {
                result.conflicts.push_back({existing->id, {{existing->key.fingerprint(), existing->source}}});
                conflict = &result.conflicts.back();
            }
            conflict->candidates.push_back({account.key.fingerprint(), account.source});
        }
        for (const PeerFingerprint& peer : store->peers) {
            const std::size_t* at = index.find(peer);
            if (!at) {
                index.add(peer, out.peers.size());
                out.peers.push_back(peer);
                continue;
            }
            std::size_t position = *at;
            PeerFingerprint* existing = &out.peers[position];
            if (existing->name_is_mangled && !peer.name_is_mangled) {  // now we know the real name
                PeerFingerprint before = *existing;
                existing->peer = peer.peer;
                existing->name_is_mangled = false;
                index.rename(before, *existing, position);
            }
            if (peer.trust.level > existing->trust.level) existing->trust = peer.trust;
            if (!existing->public_key && peer.public_key) existing->public_key = peer.public_key;
            if (!existing->account.resource && peer.account.resource) existing->account.resource = peer.account.resource;
        }
        out.notes.insert(out.notes.end(), store->notes.begin(), store->notes.end());
    }
    return result;
}

namespace {

std::string peer_key(const PeerFingerprint& p) {
    const auto& fp = p.fingerprint.bytes();
    return p.peer + '\0' + p.account.protocol + '\0' + p.account.name + '\0' + std::string(fp.begin(), fp.end());
}

// ITEMS reordered so those BEFORE holds come first, in BEFORE's order, then the rest as they were.
template <typename T, typename Key>
void order_like(std::vector<T>& items, const std::vector<T>& before, Key key) {
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < before.size(); ++i) position.emplace(key(before[i]), i);
    std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
        auto pa = position.find(key(a)), pb = position.find(key(b));
        std::size_t ia = pa == position.end() ? before.size() : pa->second, ib = pb == position.end() ? before.size() : pb->second;
        return ia < ib;
    });
}

}  // namespace

KeyStore store_for_location(const MergeResult& merged, const KeyStore& location_before) {
    KeyStore out = merged.store;
    for (const KeyConflict& conflict : merged.conflicts) {
        auto it = std::find_if(out.accounts.begin(), out.accounts.end(),
                               [&](const Account& a) { return a.id == conflict.account; });
        if (it == out.accounts.end()) continue;
        if (const Account* own = location_before.find_account(conflict.account))
            *it = *own;
        else
            out.accounts.erase(it);
    }
    // What the location already holds comes first, in its own order, so rewriting its files
    // changes nothing but the additions: a second sync is byte for byte a no-op.
    order_like(out.accounts, location_before.accounts, [](const Account& a) { return a.id.protocol + '\0' + a.id.name; });
    order_like(out.peers, location_before.peers, peer_key);
    return out;
}

StoreChanges changes_between(const KeyStore& before, const KeyStore& after) {
    StoreChanges changes;
    PeerIndex index(before.peers);
    for (const Account& a : after.accounts)
        if (!before.find_account(a.id)) changes.added_accounts.push_back({a.id, a.key.fingerprint()});
    for (const PeerFingerprint& p : after.peers) {
        const std::size_t* at = index.find(p);
        const PeerFingerprint* old = at ? &before.peers[*at] : nullptr;
        if (!old)
            changes.added_fingerprints.push_back(p);
        else if (p.trust.level > old->trust.level)
            changes.raised_trust.push_back({p, old->trust.level});
    }
    return changes;
}

}  // namespace keysync
