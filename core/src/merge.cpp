#include "keysync/merge.hpp"

#include <algorithm>

namespace keysync {

MergeResult merge(const std::vector<const KeyStore*>& stores) {
    MergeResult result;
    KeyStore& out = result.store;
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
            PeerFingerprint* existing = out.find_peer(peer.peer, peer.account, peer.fingerprint);
            if (!existing) {
                out.peers.push_back(peer);
                continue;
            }
            if (peer.trust.level > existing->trust.level) existing->trust = peer.trust;
            if (!existing->public_key && peer.public_key) existing->public_key = peer.public_key;
            if (!existing->account.resource && peer.account.resource) existing->account.resource = peer.account.resource;
        }
        out.notes.insert(out.notes.end(), store->notes.begin(), store->notes.end());
    }
    return result;
}

KeyStore store_for_location(const MergeResult& merged, const KeyStore& location_before) {
    KeyStore out = merged.store;
    for (const KeyConflict& conflict : merged.conflicts) {
        auto it = std::find_if(out.accounts.begin(), out.accounts.end(),
                               [&](const Account& a) { return a.id == conflict.account; });
        if (it == out.accounts.end()) continue;
        if (const Account* own = location_before.find_account(conflict.account))
            *it = *own;  // in place, so the location's file keeps its order
        else
            out.accounts.erase(it);
    }
    return out;
}

StoreChanges changes_between(const KeyStore& before, const KeyStore& after) {
    StoreChanges changes;
    for (const Account& a : after.accounts)
        if (!before.find_account(a.id)) changes.added_accounts.push_back({a.id, a.key.fingerprint()});
    for (const PeerFingerprint& p : after.peers) {
        const PeerFingerprint* old = before.find_peer(p.peer, p.account, p.fingerprint);
        if (!old)
            changes.added_fingerprints.push_back(p);
        else if (p.trust.level > old->trust.level)
            changes.raised_trust.push_back({p, old->trust.level});
    }
    return changes;
}

}  // namespace keysync
