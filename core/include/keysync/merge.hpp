#pragma once
// Merging key stores (DESIGN.md §4): a pure function. Trust never goes down, every distinct
// fingerprint of a peer is kept, and one account with two different private keys is reported
// as a conflict instead of silently picking one.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "keysync/key_store.hpp"

namespace keysync {

struct KeyConflict {
    AccountId account;
    struct Candidate {
        Fingerprint fingerprint;
        std::string source;
    };
    std::vector<Candidate> candidates;
};

struct MergeResult {
    KeyStore store;  // conflicting accounts keep the first store's key
    std::vector<KeyConflict> conflicts;
};

// MAY_TAKE: stores among STORES whose entries the merge may move out (sides only read from).
MergeResult merge(const std::vector<const KeyStore*>& stores, const std::vector<KeyStore*>& may_take = {});

// A location's entry as a sync keeps it while the merged store is held (4 bytes, where a
// HeldEntry takes 36: a sync of four locations of 100k keeps 400k of them): the merged entry it
// is, and what the location itself holds of it.
struct HeldInMerged {
    // The merged entry it became or was merged into; for a contact of any account the merge
    // folded into the entries tied to an account, the first of those.
    std::uint32_t position : 29;
    std::uint32_t level : 2;  // its own TrustLevel
    std::uint32_t any : 1;    // a contact of any account
    static constexpr std::size_t kMaxPosition = (std::size_t{1} << 29) - 1;
};

// The same a store at a time, so each can be let go of once added: a sync of four locations of
// 100k fingerprints holds the merged entries, not four stores of them.
class Merger {
public:
    Merger();
    ~Merger();
    Merger(const Merger&) = delete;
    Merger& operator=(const Merger&) = delete;
    // HELD, when given, is told where each of STORE's entries goes, as finish() makes it a
    // position in the merged store (each vector given here must be given to finish()).
    void add(const KeyStore& store, std::vector<HeldInMerged>* held = nullptr);
    void add(KeyStore&& store, std::vector<HeldInMerged>* held = nullptr);  // the first entries are taken instead of copied
    MergeResult finish(const std::vector<std::vector<HeldInMerged>*>& held = {}) &&;

private:
    void add_accounts(const KeyStore& store);  // and its notes
    // Where PEER went in any_; AFTER: result_'s entries before it.
    std::size_t add_contact_of_any_account(PeerFingerprint peer, std::size_t after);
    void take_contacts_of_any_account(KeyStore&& store, std::vector<HeldInMerged>* held);  // STORE's are all such contacts, and the first
    // The first store's entries have room made for them at once, not grown by doubling (what
    // later stores add, stores mostly agreeing, is); TAKEN: its entries are taken, room and all.
    void make_room_for_the_first(const KeyStore& store, bool taken);
    MergeResult result_;                // the entries tied to an account so far
    std::unique_ptr<PeerIndex> index_;  // of result_'s entries
    // Contacts of any account (Jitsi's and ChatSecure's), kept apart until finish() folds them
    // into the entries tied to an account: the merged entries do not grow by 100k that are
    // then taken out again. Each keeps how many of result_'s entries came before it, so the
    // ones left over go back where a single list would have had them: kept as runs of contacts
    // with the same count (100k taken at once are one run, not 100k counts).
    std::vector<PeerFingerprint> any_;
    struct AfterRun {
        std::uint32_t first;  // the run's first contact in any_
        std::uint32_t after;  // result_'s entries before each of them
    };
    std::vector<AfterRun> any_after_;
    void note_after(std::size_t first, std::size_t after);
    std::unique_ptr<PeerIndex> any_index_;  // of any_
};

// What a location holds now, as a sync keeps it once its entries are merged: its accounts, and
// each entry's names, fingerprint and trust in its own order (36 bytes an entry instead of a
// PeerFingerprint's 64 and what it points to) — enough to write what it holds in its order and to tell what changes.
struct HeldEntry {
    struct Account {
        Interned protocol, name;
        bool is_any() const { return name.empty(); }
        bool operator==(const AccountId& id) const { return protocol == id.protocol && name == id.name; }
    };
    Interned peer;
    Account account;
    Fingerprint fingerprint;
    TrustLevel level = TrustLevel::Unverified;
    bool name_is_mangled = false;
};
struct HeldStore {
    std::vector<Account> accounts;
    std::vector<HeldEntry> peers;
    // Instead of PEERS while the merged store is held (Merger::add fills it): its entries as
    // places in MERGED, which must stay as it is while they are looked at. held_in_full makes
    // them PEERS again.
    std::vector<HeldInMerged> in_merged;
    const KeyStore* merged = nullptr;
    std::size_t entry_count() const { return peers.size() + in_merged.size(); }
    HeldEntry in_merged_entry(std::size_t k) const;  // IN_MERGED[K] made whole, as held_in_full makes it
    const Account* find_account(const AccountId& id) const { return keysync::find_account(accounts, id); }
};
HeldStore held_store(const KeyStore& store);
// HELD's entries kept in_merged, made PEERS: each merged entry's names (a name Jitsi knew only
// mangled comes back as the real one the merge learned, the same contact), fingerprint, and
// the trust and kind (a contact of any account or not) the location gave it.
HeldStore held_in_full(HeldStore held);

// What one location should hold after a merge: a conflicting account keeps the key that
// location already has (or stays absent there), so no conflict overwrites anybody's key; the
// entries it holds already come first, in its order.
KeyStore store_for_location(const MergeResult& merged, const HeldStore& location_before);
// The same in two steps, so a sync can order the merged entries for each location at once on
// two threads while they are copied one location at a time: the positions of MERGED's entries
// in the location's order (empty: as they are), then MERGED's entries copied in that order.
using EntryOrder = std::vector<std::uint32_t>;
EntryOrder location_order(const KeyStore& merged, const HeldStore& location_before);
KeyStore store_for_location(const MergeResult& merged, const HeldStore& location_before, const EntryOrder& order);
KeyStore store_for_location(MergeResult&& merged, const HeldStore& location_before, const EntryOrder& order);
// The same, taking MERGED's store instead of copying it (for the last location of a sync).
KeyStore store_for_location(MergeResult&& merged, const HeldStore& location_before);
// The same from a whole store (small ones: tests, exports).
KeyStore store_for_location(const MergeResult& merged, const KeyStore& location_before);
KeyStore store_for_location(MergeResult&& merged, const KeyStore& location_before);

// What writing AFTER over BEFORE adds or replaces, for summaries and dry runs; when it is
// empty, the location already holds all it would be given and its files are left alone.
// Fingerprints are counted all but listed only up to kListed each: nobody reads 100k lines,
// and a copy of each would double the memory a large sync needs.
struct StoreChanges {
    static constexpr std::size_t kListed = 100;
    struct AddedAccount {
        AccountId id;
        Fingerprint fingerprint;
    };
    struct RaisedTrust {
        PeerFingerprint peer;  // with its new trust
        TrustLevel before;
    };
    std::vector<AddedAccount> added_accounts;
    std::vector<AddedAccount> replaced_keys;  // accounts BEFORE has with another key (--prefer chose AFTER's)
    std::vector<PeerFingerprint> added_fingerprints;  // the first kListed
    std::vector<RaisedTrust> raised_trust;            // the first kListed
    std::size_t added_fingerprint_count = 0;
    std::size_t raised_trust_count = 0;
    bool empty() const {
        return added_accounts.empty() && replaced_keys.empty() && added_fingerprint_count == 0 && raised_trust_count == 0;
    }
};
StoreChanges changes_between(const HeldStore& before, const KeyStore& after);
// What a location's files can hold (from its App), for holds_all.
struct LocationLimits {
    TrustLevel highest_trust = TrustLevel::Smp;  // App::highest_trust
    // App::keeps_one_unverified_per_contact: an unverified fingerprint of a contact it holds a
    // fingerprint of already is one it would not take (AFTER gives what it holds first).
    bool one_unverified_per_contact = false;
};
// Whether changes_between(BEFORE, AFTER) is empty, as far as the location can hold AFTER (trust
// counted up to LIMITS' highest): it holds all it would be given (a sync run again), and need not
// even be planned. Stops at the first change, so asking costs little when the answer is no.
bool holds_all(const HeldStore& before, const KeyStore& after, LocationLimits limits = {});
// The same for store_for_location(MERGED, LOCATION_BEFORE, ORDER), asked without making that
// copy of the merged entries (a sync run again makes none for a location that holds them all).
bool holds_all(const HeldStore& location_before, const MergeResult& merged, const EntryOrder& order, LocationLimits limits);
StoreChanges changes_between(const KeyStore& before, const KeyStore& after);

}  // namespace keysync
