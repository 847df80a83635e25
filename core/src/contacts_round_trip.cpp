#include "keysync/contacts_round_trip.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

namespace keysync {

bool trust_differs_between_accounts(const KeyStore& merged) {
    // Each entry tied to an account as (its fingerprint's first 8 bytes, trusted), sorted: a
    // fingerprint trusted and untrusted is two neighbours differing only there. (8 bytes an entry,
    // not an index of them; another fingerprint with the same first bytes only costs a look.)
    std::vector<std::pair<std::uint64_t, bool>> seen;
    seen.reserve(merged.peers.size());
    for (const PeerFingerprint& p : merged.peers) {
        if (p.account.is_any()) continue;
        std::uint64_t head;
        std::memcpy(&head, p.fingerprint.bytes().data(), sizeof head);
        seen.emplace_back(head, p.trust.trusted());
    }
    std::sort(seen.begin(), seen.end());
    for (std::size_t k = 1; k < seen.size(); ++k)
        if (seen[k].first == seen[k - 1].first && seen[k].second != seen[k - 1].second) return true;
    return false;
}

bool comes_back_with_more(const KeyStore& content, const KeyStore& merged, const PeerIndex& index) {
    for (const Account& a : content.accounts)
        if (!merged.find_account(a.id)) return true;
    for (const PeerFingerprint& c : content.peers) {
        // As the merge takes it: a contact of any account raises every entry some account has
        // of it, and only where there is none is it an entry of its own.
        bool tied = false, raises = false;
        if (c.account.is_any())
            index.each_contact(c, [&](std::size_t j) {
                const PeerFingerprint& m = merged.peers[j];
                if (m.account.is_any()) return;
                tied = true;
                raises = raises || c.trust.level > m.trust.level;
            });
        if (raises) return true;
        if (tied) continue;
        std::optional<std::size_t> same = index.find(c);
        if (!same || c.trust.level > merged.peers[*same].trust.level) return true;
    }
    return false;
}

void merge_back(MergeResult& merged, std::vector<KeyStore> contents) {
    Merger merger;
    merger.add(std::move(merged.store));
    for (KeyStore& content : contents) {
        content.notes.clear();  // the writer's notes are reported with its location already
        merger.add(std::move(content));
    }
    merged.store = std::move(merger).finish().store;
}

}  // namespace keysync
