#include "keysync/merge.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "keysync/hashed_positions.hpp"
#include "keysync/ordered_tasks.hpp"
#include "keysync/prefault.hpp"

namespace keysync {
namespace {

// Higher trust and a public key FROM knows reach INTO.
void take_what_is_new(PeerFingerprint& into, const PeerFingerprint& from) {
    if (from.trust.level > into.trust.level) into.trust = from.trust;
    if (!into.public_key && from.public_key) into.public_key = from.public_key;
}

// What PEER adds to the entry INDEX has for it in PEERS; that entry's position, or nullopt when
// there is none.
std::optional<std::size_t> absorb(std::vector<PeerFingerprint>& peers, PeerIndex& index, const PeerFingerprint& peer) {
    std::optional<std::size_t> at = index.find(peer);
    if (!at) return at;
    PeerFingerprint& existing = peers[*at];
    if (existing.name_is_mangled && !peer.name_is_mangled) {  // now we know the real name
        // (The index hashes by fingerprint and protocol, not by name: the entry stays where it is.)
        existing.peer = peer.peer;
        existing.name_is_mangled = false;
    }
    take_what_is_new(existing, peer);
    if (!existing.account.resource && peer.account.resource) existing.account.resource = peer.account.resource;
    return at;
}

// PEER as a location holds it, at POSITION in the list of its kind the merge keeps.
HeldInMerged held_at(std::size_t position, const PeerFingerprint& peer) {
    if (position > HeldInMerged::kMaxPosition) throw std::length_error("merge: too many entries");  // 32 GiB of them
    return {static_cast<std::uint32_t>(position), static_cast<std::uint32_t>(peer.trust.level), peer.account.is_any()};
}

// ENTRIES, taken from a store, merged among themselves where they are: each one is absorbed
// into an earlier one INDEX finds, or kept and indexed. SET_ASIDE(entry, entries kept so far)
// takes out those that belong to another list and says where in it they went. HELD, when
// given, is told where each entry went.
template <typename SetAside>
void merge_in_place(std::vector<PeerFingerprint>& entries, PeerIndex& index, SetAside set_aside, std::vector<HeldInMerged>* held) {
    if (held) reserve_resident(*held, held->size() + entries.size());
    std::size_t kept = 0;
    with_lookups_ahead(
        entries.size(), [&](std::size_t i) { index.prefetch_slot(entries[i]); },
        [&](std::size_t i) { index.prefetch_entries(entries[i]); },
        [&](std::size_t i) {
            HeldInMerged entry = held_at(0, entries[i]);  // (before it is moved)
            std::optional<std::size_t> at = set_aside(entries[i], kept);
            if (!at) at = absorb(entries, index, entries[i]);  // (the index holds the entries kept before it only)
            if (!at) {
                if (kept != i) entries[kept] = std::move(entries[i]);
                index.add(kept);
                at = kept++;
            }
            entry.position = static_cast<std::uint32_t>(*at);
            if (held) held->push_back(entry);
        });
    entries.resize(kept);
}

}  // namespace

Merger::Merger()
    : index_(std::make_unique<PeerIndex>(result_.store.peers)), any_index_(std::make_unique<PeerIndex>(any_)) {}

Merger::~Merger() = default;

void Merger::add_accounts(const KeyStore& store) {
    KeyStore& out = result_.store;
    for (const Account& account : store.accounts) {
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
        for (KeyConflict& c : result_.conflicts)
            if (c.account == account.id) conflict = &c;
        if (!conflict) {
            result_.conflicts.push_back({existing->id, {{existing->key.fingerprint(), existing->source}}});
            conflict = &result_.conflicts.back();
        }
        conflict->candidates.push_back({account.key.fingerprint(), account.source});
    }
    out.notes.insert(out.notes.end(), store.notes.begin(), store.notes.end());
}

// An entry tied to an account is never the same entry as a contact of any account (their
// accounts differ), so each list is merged on its own.
std::size_t Merger::add_contact_of_any_account(PeerFingerprint peer, std::size_t after) {
    if (std::optional<std::size_t> at = absorb(any_, *any_index_, peer)) return *at;
    any_.push_back(std::move(peer));
    note_after(any_.size() - 1, after);
    any_index_->add(any_.size() - 1);
    return any_.size() - 1;
}

void Merger::note_after(std::size_t first, std::size_t after) {
    if (any_after_.empty() || any_after_.back().after != after)
        any_after_.push_back({static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(after)});
}

void Merger::make_room_for_the_first(const KeyStore& store, bool taken) {
    std::size_t any = static_cast<std::size_t>(
        std::count_if(store.peers.begin(), store.peers.end(), [](const PeerFingerprint& p) { return p.account.is_any(); }));
    if (any_.empty() && any) any_.reserve(any), any_index_->reserve(any);
    std::size_t tied = store.peers.size() - any;
    if (!result_.store.peers.empty() || !tied) return;
    if (!taken) result_.store.peers.reserve(tied);  // (taken entries come with their room)
    index_->reserve(tied);
}

void Merger::add(const KeyStore& store, std::vector<HeldInMerged>* held) {
    add_accounts(store);
    std::vector<PeerFingerprint>& out = result_.store.peers;
    make_room_for_the_first(store, false);
    if (held) reserve_resident(*held, held->size() + store.peers.size());
    auto index_of = [&](const PeerFingerprint& peer) -> const PeerIndex& { return peer.account.is_any() ? *any_index_ : *index_; };
    with_lookups_ahead(
        store.peers.size(), [&](std::size_t k) { index_of(store.peers[k]).prefetch_slot(store.peers[k]); },
        [&](std::size_t k) { index_of(store.peers[k]).prefetch_entries(store.peers[k]); },
        [&](std::size_t k) {
            const PeerFingerprint& peer = store.peers[k];
            std::optional<std::size_t> at;
            if (peer.account.is_any()) {
                at = add_contact_of_any_account(peer, out.size());
            } else if (!(at = absorb(out, *index_, peer))) {
                out.push_back(peer);
                index_->add(out.size() - 1);
                at = out.size() - 1;
            }
            if (held) held->push_back(held_at(*at, peer));
        });
}

void Merger::add(KeyStore&& store, std::vector<HeldInMerged>* held) {
    std::vector<PeerFingerprint>& out = result_.store.peers;
    if (any_.empty() && !store.peers.empty() &&
        std::all_of(store.peers.begin(), store.peers.end(), [](const PeerFingerprint& p) { return p.account.is_any(); }))
        return take_contacts_of_any_account(std::move(store), held);
    if (!out.empty() || std::any_of(store.peers.begin(), store.peers.end(), [](const PeerFingerprint& p) { return p.name_is_mangled; }))
        return add(static_cast<const KeyStore&>(store), held);
    // The first entries (a convert into an empty location, a sync's first location): taken and
    // merged in place, not copied, so 100k of them are held once. (No mangled names: the index
    // may then look only at the entries already kept.)
    add_accounts(store);
    make_room_for_the_first(store, true);
    out = std::move(store.peers);
    merge_in_place(
        out, *index_,
        [&](PeerFingerprint& p, std::size_t kept) -> std::optional<std::size_t> {
            if (!p.account.is_any()) return std::nullopt;
            return add_contact_of_any_account(std::move(p), kept);
        },
        held);
}

// The first contacts of any account (Jitsi's or ChatSecure's 100k, after a Pidgin's): taken and
// merged in place, not copied beside the store they came in.
void Merger::take_contacts_of_any_account(KeyStore&& store, std::vector<HeldInMerged>* held) {
    add_accounts(store);
    any_ = std::move(store.peers);
    any_index_->reserve(any_.size());
    merge_in_place(any_, *any_index_, [](PeerFingerprint&, std::size_t) { return std::optional<std::size_t>(); }, held);
    any_after_.clear();
    if (!any_.empty()) note_after(0, result_.store.peers.size());
}

MergeResult Merger::finish(const std::vector<std::vector<HeldInMerged>*>& held) && {
    std::vector<PeerFingerprint>& peers = result_.store.peers;
    // A contact Jitsi or ChatSecure know for any account adds nothing but its trust (and key)
    // where some app already ties it to accounts; only a contact no app ties to one stays "any
    // account". Done once every store is in, so the result does not depend on their order.
    // The lookups (100k of them, mostly waiting on memory) are shared out among the sync's
    // threads; what they find is taken in order on this one, as one loop would.
    constexpr std::size_t kShared = 1 << 14;  // fewer are not worth a thread
    const std::size_t shares = any_.size() < kShared ? 1 : sync_threads();
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> found(shares);  // (contact, entry) positions
    OrderedTasks lookups(shares, shares);
    lookups.run([&](std::size_t s) {
        const std::size_t begin = any_.size() * s / shares, end = any_.size() * (s + 1) / shares;
        reserve_resident(found[s], end - begin);  // a contact mostly folds into one entry: no growth by doubling
        with_lookups_ahead(
            end - begin, [&](std::size_t k) { index_->prefetch_slot(any_[begin + k]); },
            [&](std::size_t k) { index_->prefetch_entries(any_[begin + k]); },
            [&](std::size_t k) { index_->each_contact(any_[begin + k], [&](std::size_t j) { found[s].emplace_back(begin + k, j); }); });
    });
    const bool positions = std::any_of(held.begin(), held.end(), [](const auto* h) { return h && !h->empty(); });
    std::vector<bool> folded(any_.size(), false);
    std::vector<std::uint32_t> folded_into = resident_vector<std::uint32_t>(positions ? any_.size() : 0, 0);  // the first entry each folded into
    std::size_t left = any_.size();
    for (const auto& share : found)
        for (std::size_t k = 0; k < share.size(); ++k) {
            // The entries folded into lie anywhere among 100k: each fetched a few ahead (waiting
            // on each in turn took most of this loop's 10 ms).
            constexpr std::size_t kAhead = 8;
            if (k + kAhead < share.size()) __builtin_prefetch(&peers[share[k + kAhead].second]);
            auto [i, j] = share[k];
            take_what_is_new(peers[j], any_[i]);
            if (!folded[i]) {
                folded[i] = true, --left;
                if (positions) folded_into[i] = j;
            }
        }
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>>().swap(found);
    any_index_.reset();
    index_.reset();
    // Where the entries tied to an account and the contacts of any account left over end up.
    std::vector<std::uint32_t> tied_moved_to, any_moved_to;
    if (left) {  // back among the others, where each was added
        std::vector<PeerFingerprint> all;
        all.reserve(peers.size() + left);
        if (positions) tied_moved_to.resize(peers.size()), any_moved_to.resize(any_.size());
        auto move_tied = [&](std::size_t j) {
            if (positions) tied_moved_to[j] = static_cast<std::uint32_t>(all.size());
            all.push_back(std::move(peers[j]));
        };
        std::size_t next = 0, run = 0;
        for (std::size_t i = 0; i < any_.size(); ++i) {
            if (folded[i]) continue;
            while (run + 1 < any_after_.size() && any_after_[run + 1].first <= i) ++run;
            for (; next < any_after_[run].after; ++next) move_tied(next);
            if (positions) any_moved_to[i] = static_cast<std::uint32_t>(all.size());
            all.push_back(std::move(any_[i]));
        }
        for (; next < peers.size(); ++next) move_tied(next);
        peers = std::move(all);
    }
    std::vector<PeerFingerprint>().swap(any_);
    auto tied_position = [&](std::size_t j) { return left ? tied_moved_to[j] : static_cast<std::uint32_t>(j); };
    for (std::vector<HeldInMerged>* entries : held)
        if (entries)
            for (HeldInMerged& e : *entries)
                e.position = !e.any ? tied_position(e.position)
                             : folded[e.position] ? tied_position(folded_into[e.position])
                                                  : any_moved_to[e.position];
    // Stores that disagree grew it by doubling: a sync holds the merged store while it plans
    // each location.
    if (peers.capacity() > peers.size() + peers.size() / 4) peers.shrink_to_fit();
    return std::move(result_);
}

MergeResult merge(const std::vector<const KeyStore*>& stores, const std::vector<KeyStore*>& may_take) {
    Merger merger;
    for (const KeyStore* store : stores) {
        auto take = std::find(may_take.begin(), may_take.end(), store);
        if (take != may_take.end()) merger.add(std::move(**take));
        else merger.add(*store);
    }
    return std::move(merger).finish();
}

namespace {

// The positions of ITEMS in a location's order, by RANK_OF(i, ITEMS[i]), a position in that order
// (past its end for an item it does not hold): those it holds first, in its order, then the
// rest as they were. Empty when ITEMS are in that order already.
template <typename T, typename RankOf>
std::vector<std::uint32_t> order_by_rank(const std::vector<T>& items, RankOf rank_of) {
    // Each item's rank once (a key per comparison was most of a 100k sync's time), then a stable sort by rank.
    std::vector<std::uint32_t> rank = resident_vector<std::uint32_t>(items.size(), 0);
    bool sorted = true;
    for (std::size_t i = 0; i < items.size(); ++i) {
        rank[i] = static_cast<std::uint32_t>(rank_of(i, items[i]));
        sorted = sorted && (i == 0 || rank[i - 1] <= rank[i]);
    }
    if (sorted) return {};
    std::vector<std::uint32_t> order;
    reserve_resident(order, items.size());
    for (std::size_t i = 0; i < items.size(); ++i) order.push_back(static_cast<std::uint32_t>(i));
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b]; });
    return order;
}

// ITEMS in ORDER (as they are when it is empty): copied from them, or taken.
// (Their room made resident at once: 100k entries of 64 bytes are 6 MiB, 1500 page faults.)
template <typename T>
std::vector<T> in_order(const std::vector<T>& items, const std::vector<std::uint32_t>& order) {
    std::vector<T> out;
    reserve_resident(out, items.size());
    if (order.empty()) out.insert(out.end(), items.begin(), items.end());
    for (std::uint32_t i : order) out.push_back(items[i]);
    return out;
}
template <typename T>
void put_in_order(std::vector<T>& items, const std::vector<std::uint32_t>& order) {
    if (order.empty()) return;
    std::vector<T> out;
    reserve_resident(out, items.size());
    for (std::uint32_t i : order) out.push_back(std::move(items[i]));
    items = std::move(out);
}

std::vector<std::uint32_t> accounts_order(const std::vector<Account>& accounts, const std::vector<Account>& before) {
    if (before.empty()) return {};
    return order_by_rank(accounts, [&](std::size_t, const Account& a) {
        for (std::size_t i = 0; i < before.size(); ++i)
            if (before[i].id == a.id) return i;
        return before.size();
    });
}

// A conflicting account keeps the key the location already has (or stays absent there), so no
// conflict overwrites anybody's key.
void keep_own_keys_of_conflicts(std::vector<Account>& accounts, const std::vector<KeyConflict>& conflicts, const HeldStore& before) {
    for (const KeyConflict& conflict : conflicts) {
        auto it = std::find_if(accounts.begin(), accounts.end(), [&](const Account& a) { return a.id == conflict.account; });
        if (it == accounts.end()) continue;
        if (const Account* own = before.find_account(conflict.account))
            *it = *own;
        else
            accounts.erase(it);
    }
}

}  // namespace

HeldStore held_store(const KeyStore& store) {
    HeldStore held{store.accounts, {}, {}};
    held.peers.reserve(store.peers.size());
    for (const PeerFingerprint& p : store.peers)
        held.peers.push_back({p.peer, {p.account.protocol, p.account.name}, p.fingerprint, p.trust.level, p.name_is_mangled});
    return held;
}

HeldEntry HeldStore::in_merged_entry(std::size_t k) const {
    const HeldInMerged& e = in_merged[k];
    const PeerFingerprint& p = merged->peers[e.position];
    return {p.peer, {p.account.protocol, e.any ? Interned() : p.account.name}, p.fingerprint, static_cast<TrustLevel>(e.level),
            p.name_is_mangled};
}

HeldStore held_in_full(HeldStore held) {
    if (held.in_merged.empty()) return held;
    held.peers.reserve(held.peers.size() + held.in_merged.size());
    for (std::size_t k = 0; k < held.in_merged.size(); ++k) held.peers.push_back(held.in_merged_entry(k));
    std::vector<HeldInMerged>().swap(held.in_merged);
    held.merged = nullptr;
    return held;
}

namespace {

// How many of AFTER's first entries are BEFORE's first ones, in the same places (a location
// synced before holds what the merge gives it, in its order). Each of them is the entry the
// index would find for it: the merged entries are distinct, so the ones before it in BEFORE
// are other entries.
std::size_t same_entries_first(const HeldStore& before, const std::vector<PeerFingerprint>& after) {
    std::size_t n = std::min(before.peers.size(), after.size()), k = 0;
    for (; k < n; ++k) {
        const HeldEntry& h = before.peers[k];
        if (!(h.peer == after[k].peer && h.account == after[k].account && h.fingerprint == after[k].fingerprint)) break;
    }
    return k;
}

// Whether an entry of AFTER can be one of BEFORE's: a contact of any account is never the
// entry of one tied to an account (Jitsi's and ChatSecure's against the merged 100k).
bool can_share_entries(const HeldStore& before, const std::vector<PeerFingerprint>& after) {
    auto has = [](const auto& entries, bool any) {
        return std::any_of(entries.begin(), entries.end(), [any](const auto& e) { return e.account.is_any() == any; });
    };
    return (has(before.peers, true) && has(after, true)) || (has(before.peers, false) && has(after, false));
}

// The location's order from where its entries are in MERGED: each merged entry ranked by the
// first of them that it is (a contact of any account folded into entries tied to an account is
// none of those, as the index would not find it among them).
EntryOrder order_in_merged(const KeyStore& merged, const std::vector<HeldInMerged>& held) {
    std::vector<std::uint32_t> rank = resident_vector(merged.peers.size(), static_cast<std::uint32_t>(held.size()));
    for (std::size_t k = held.size(); k-- > 0;)
        if (held[k].any == merged.peers[held[k].position].account.is_any()) rank[held[k].position] = static_cast<std::uint32_t>(k);
    return order_by_rank(merged.peers, [&](std::size_t i, const PeerFingerprint&) { return rank[i]; });
}

}  // namespace

EntryOrder location_order(const KeyStore& merged, const HeldStore& location_before) {
    if (!location_before.in_merged.empty()) return order_in_merged(merged, location_before.in_merged);
    if (location_before.peers.empty() || !can_share_entries(location_before, merged.peers)) return {};
    std::size_t same = same_entries_first(location_before, merged.peers);
    if (same == merged.peers.size()) return {};  // (a second sync: all of them, in order)
    BasicPeerIndex<HeldEntry> position(location_before.peers);  // flat and hashed: no string key or node per entry of 100k
    return order_by_rank(merged.peers, [&](std::size_t i, const PeerFingerprint& p) {
        return i < same ? i : position.find(p).value_or(location_before.peers.size());
    });
}

// What the location already holds comes first, in its own order, so rewriting its files changes
// nothing but the additions: a second sync is byte for byte a no-op.
KeyStore store_for_location(const MergeResult& merged, const HeldStore& location_before, const EntryOrder& order) {
    KeyStore out{merged.store.accounts, in_order(merged.store.peers, order), merged.store.notes};
    keep_own_keys_of_conflicts(out.accounts, merged.conflicts, location_before);
    put_in_order(out.accounts, accounts_order(out.accounts, location_before.accounts));
    return out;
}

KeyStore store_for_location(const MergeResult& merged, const HeldStore& location_before) {
    return store_for_location(merged, location_before, location_order(merged.store, location_before));
}

KeyStore store_for_location(MergeResult&& merged, const HeldStore& location_before) {
    EntryOrder order = location_order(merged.store, location_before);
    return store_for_location(std::move(merged), location_before, order);
}

KeyStore store_for_location(MergeResult&& merged, const HeldStore& location_before, const EntryOrder& order) {
    KeyStore out = std::move(merged.store);
    keep_own_keys_of_conflicts(out.accounts, merged.conflicts, location_before);
    put_in_order(out.accounts, accounts_order(out.accounts, location_before.accounts));
    put_in_order(out.peers, order);
    return out;
}

KeyStore store_for_location(const MergeResult& merged, const KeyStore& location_before) {
    return store_for_location(merged, held_store(location_before));
}

KeyStore store_for_location(MergeResult&& merged, const KeyStore& location_before) {
    return store_for_location(std::move(merged), held_store(location_before));
}

namespace {

// Whether H, the entry a location holds in the place P has in what it will hold, is P's entry.
// Jitsi's plan holds its contacts in its own order too, by the real names of contacts it knows
// only by their mangled ones (each name is one Jitsi contact: such an entry is no other's).
bool is_in_place(const HeldEntry& h, const PeerFingerprint& p) {
    if (h.fingerprint != p.fingerprint || !(h.account == p.account)) return false;
    return h.peer == p.peer || (h.name_is_mangled && !p.name_is_mangled && jitsi_mangles_to(p.peer, h.peer));
}

// HIGHEST: the highest trust the location can hold.
void note_raised_trust(StoreChanges& changes, const PeerFingerprint& p, TrustLevel before, TrustLevel highest = TrustLevel::Smp) {
    if (std::min(p.trust.level, highest) > before && changes.raised_trust_count++ < StoreChanges::kListed) changes.raised_trust.push_back({p, before});
}

// MERGED's entries in ORDER (as they are when it is empty), as store_for_location copies them.
struct EntriesInOrder {
    const std::vector<PeerFingerprint>& merged;
    const EntryOrder& order;
    std::size_t size() const { return order.empty() ? merged.size() : order.size(); }
    std::size_t position(std::size_t k) const { return order.empty() ? k : order[k]; }  // in MERGED
    const PeerFingerprint& operator[](std::size_t k) const { return merged[position(k)]; }
};

// BEFORE's entry K (of peers, then of in_merged) as a contact: its protocol and name.
std::pair<Interned, Interned> contact_of(const HeldStore& before, std::size_t k) {
    if (k < before.peers.size()) return {before.peers[k].account.protocol, before.peers[k].peer};
    const PeerFingerprint& p = before.merged->peers[before.in_merged[k - before.peers.size()].position];
    return {p.account.protocol, p.peer};
}

// Each contact BEFORE holds a fingerprint of, by protocol and name: asked only when an
// unverified fingerprint BEFORE lacks is given to a location keeping one per contact. Kept as
// hashed positions of the first entry of each (1 MiB for 100k, where a set of the names took
// 3; once each, so a contact with 100k fingerprints is one position, not a run of 100k).
class HeldContacts {
public:
    bool holds(const HeldStore& before, const PeerFingerprint& p) {
        if (!made_) {
            made_ = true;
            positions_.reserve(before.entry_count());
            for (std::size_t k = 0; k < before.entry_count(); ++k) {
                Contact c = contact_of(before, k);
                if (!find(before, c)) positions_.insert(hash(c), k);
            }
        }
        return find(before, {p.account.protocol, p.peer});
    }

private:
    using Contact = std::pair<Interned, Interned>;
    static std::size_t hash(const Contact& c) { return c.second.number_hash() * 31 + c.first.number_hash(); }
    bool find(const HeldStore& before, const Contact& c) const {
        bool found = false;
        positions_.each(hash(c), [&](std::size_t k) { found = found || contact_of(before, k) == c; });
        return found;
    }
    bool made_ = false;
    HashedPositions positions_;
};

// compare_stores for a location kept as places in MERGED and given MERGED's ENTRIES (a sync
// run again), without making its entries whole: each entry it holds is compared with the
// merged entry it became, or that its contact of any account was folded into (Jitsi's and
// ChatSecure's, in their own order), and every other merged entry must be one it would not
// take. Nullopt when that does not settle it (the whole comparison does).
std::optional<StoreChanges> compare_in_merged(const HeldStore& before, const EntriesInOrder& entries, LocationLimits limits, StoreChanges changes,
                                              bool until_first) {
    if (!before.merged || &before.merged->peers != &entries.merged) return std::nullopt;  // places in another store
    constexpr std::uint32_t kNone = UINT32_MAX;
    std::vector<std::uint32_t> held_as = resident_vector(entries.merged.size(), kNone);  // by merged entry: which held entry it is
    for (std::size_t k = 0; k < before.in_merged.size(); ++k) {
        std::uint32_t& held = held_as[before.in_merged[k].position];
        if (held != kNone) return std::nullopt;  // two of its entries became one
        held = static_cast<std::uint32_t>(k);
    }
    HeldContacts contacts;
    for (std::size_t k = 0; k < entries.size() && !(until_first && !changes.empty()); ++k) {
        const PeerFingerprint& p = entries[k];
        const std::uint32_t held = held_as[entries.position(k)];
        if (held == kNone) {
            if (limits.one_unverified_per_contact && p.trust.level == TrustLevel::Unverified && contacts.holds(before, p)) continue;
            return std::nullopt;  // an addition, or another contact's trust (counted by the whole comparison)
        }
        const HeldInMerged& e = before.in_merged[held];
        const auto level = static_cast<TrustLevel>(e.level);
        // A contact of any account folded into P: others of the same contact may hold more trust.
        if (e.any && !p.account.is_any() && std::min(p.trust.level, limits.highest_trust) > level) return std::nullopt;
        note_raised_trust(changes, p, level, limits.highest_trust);
    }
    return changes;
}

// What writing ACCOUNTS and ENTRIES (a store's peers, or EntriesInOrder) over BEFORE adds or
// raises, as far as LIMITS let the location hold them; UNTIL_FIRST: only until the first of them
// is found (whether there is any: a location holding all of them need not be planned at all).
template <typename Entries>
StoreChanges compare_stores(const HeldStore& before, const std::vector<Account>& accounts, const Entries& entries, LocationLimits limits,
                            bool until_first) {
    const TrustLevel highest = limits.highest_trust;
    StoreChanges changes;
    auto done = [&] { return until_first && !changes.empty(); };
    for (const Account& a : accounts) {
        const Account* old = before.find_account(a.id);
        if (!old) changes.added_accounts.push_back({a.id, a.key.fingerprint()});
        else if (!old->key.same_public(a.key)) changes.replaced_keys.push_back({a.id, a.key.fingerprint()});
        if (done()) return changes;
    }
    if constexpr (std::is_same_v<Entries, EntriesInOrder>)
        if (!before.in_merged.empty())
            if (auto found = compare_in_merged(before, entries, limits, changes, until_first)) return *found;
    if (!before.in_merged.empty()) {
        // Kept as places in the merged store: a location that will hold the entries it holds,
        // each in its place, is compared entry by entry without making them whole; any other is
        // made whole first.
        bool all_in_place = entries.size() == before.in_merged.size();
        for (std::size_t k = 0; all_in_place && k < entries.size(); ++k)
            all_in_place = is_in_place(before.in_merged_entry(k), entries[k]);
        if (!all_in_place) return compare_stores(held_in_full(before), accounts, entries, limits, until_first);
        for (std::size_t k = 0; k < entries.size() && !done(); ++k)
            note_raised_trust(changes, entries[k], static_cast<TrustLevel>(before.in_merged[k].level), highest);
        return changes;
    }
    // The entries a location held already come first, in its order (store_for_location), so
    // those are compared in place (a plan's content is made from the distinct merged entries);
    // the index is made only for the rest.
    auto held_in_place = [&](std::size_t k, const PeerFingerprint& p) -> const HeldEntry* {
        return k < before.peers.size() && is_in_place(before.peers[k], p) ? &before.peers[k] : nullptr;
    };
    std::optional<BasicPeerIndex<HeldEntry>> index;
    HeldContacts contacts;
    for (std::size_t k = 0; k < entries.size() && !done(); ++k) {
        const PeerFingerprint& p = entries[k];
        const HeldEntry* old = held_in_place(k, p);
        if (!old && !index) index.emplace(before.peers);
        if (!old)
            if (auto at = index->find(p)) old = &before.peers[*at];
        if (!old)  // a contact BEFORE knows for any account is no addition for one of them
            index->each_contact(p, [&](std::size_t i) {
                if (before.peers[i].account.is_any() && (!old || before.peers[i].level > old->level)) old = &before.peers[i];
            });
        if (!old && limits.one_unverified_per_contact && p.trust.level == TrustLevel::Unverified && contacts.holds(before, p))
            continue;  // the location would not take it
        if (!old) {
            if (changes.added_fingerprint_count++ < StoreChanges::kListed) changes.added_fingerprints.push_back(p);
        } else {
            note_raised_trust(changes, p, old->level, highest);
        }
    }
    return changes;
}

}  // namespace

StoreChanges changes_between(const HeldStore& before, const KeyStore& after) {
    return compare_stores(before, after.accounts, after.peers, LocationLimits{}, false);
}

bool holds_all(const HeldStore& before, const KeyStore& after, LocationLimits limits) {
    return compare_stores(before, after.accounts, after.peers, limits, true).empty();
}

bool holds_all(const HeldStore& location_before, const MergeResult& merged, const EntryOrder& order, LocationLimits limits) {
    std::vector<Account> accounts = merged.store.accounts;
    keep_own_keys_of_conflicts(accounts, merged.conflicts, location_before);
    return compare_stores(location_before, accounts, EntriesInOrder{merged.store.peers, order}, limits, true).empty();
}

StoreChanges changes_between(const KeyStore& before, const KeyStore& after) { return changes_between(held_store(before), after); }

}  // namespace keysync
