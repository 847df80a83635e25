#include "keysync/contacts_round_trip.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "keysync/prefault.hpp"

namespace keysync {

namespace {

// KEYS sorted, a byte at a time from the lowest (LSD radix): 100k keys in a few passes over
// them, where a comparison sort took most of the time a sync waits for this check.
void radix_sort(std::vector<std::uint64_t>& keys) {
    std::vector<std::uint64_t> out = resident_vector<std::uint64_t>(keys.size(), 0);  // (not a page fault each 4 KiB)
    for (int shift = 0; shift < 64; shift += 8) {
        std::size_t count[257] = {};
        for (std::uint64_t k : keys) ++count[((k >> shift) & 0xff) + 1];
        if (count[((keys.empty() ? 0 : keys[0] >> shift) & 0xff) + 1] == keys.size()) continue;  // one value: in order
        for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
        for (std::uint64_t k : keys) out[count[(k >> shift) & 0xff]++] = k;
        keys.swap(out);
    }
}

}  // namespace

bool trust_differs_between_accounts(const KeyStore& merged) {
    // Each entry tied to an account as its fingerprint's first 8 bytes with the lowest bit
    // replaced by whether it is trusted, sorted: a fingerprint trusted and untrusted is two
    // neighbours differing only in that bit. (8 bytes an entry, not an index of them; another
    // fingerprint with the same first 63 bits only costs the sync a look.)
    std::vector<std::uint64_t> seen;
    reserve_resident(seen, merged.peers.size());
    for (const PeerFingerprint& p : merged.peers) {
        if (p.account.is_any()) continue;
        std::uint64_t head;
        std::memcpy(&head, p.fingerprint.bytes().data(), sizeof head);
        seen.push_back((head & ~std::uint64_t{1}) | (p.trust.trusted() ? 1 : 0));
    }
    radix_sort(seen);
    for (std::size_t k = 1; k < seen.size(); ++k)
        if (seen[k] == (seen[k - 1] | 1) && seen[k] != seen[k - 1]) return true;
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
