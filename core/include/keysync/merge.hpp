#pragma once
// Merging key stores (DESIGN.md §4): a pure function. Trust never goes down, every distinct
// fingerprint of a peer is kept, and one account with two different private keys is reported
// as a conflict instead of silently picking one.
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

MergeResult merge(const std::vector<const KeyStore*>& stores);

// What one location should hold after a merge: a conflicting account keeps the key that
// location already has (or stays absent there), so no conflict overwrites anybody's key.
KeyStore store_for_location(const MergeResult& merged, const KeyStore& location_before);
// The same, taking MERGED's store instead of copying it (for the last location of a sync).
KeyStore store_for_location(MergeResult&& merged, const KeyStore& location_before);

// What writing AFTER over BEFORE adds, for summaries and dry runs.
struct StoreChanges {
    struct AddedAccount {
        AccountId id;
        Fingerprint fingerprint;
    };
    struct RaisedTrust {
        PeerFingerprint peer;  // with its new trust
        TrustLevel before;
    };
    std::vector<AddedAccount> added_accounts;
    std::vector<PeerFingerprint> added_fingerprints;
    std::vector<RaisedTrust> raised_trust;
    bool empty() const { return added_accounts.empty() && added_fingerprints.empty() && raised_trust.empty(); }
};
StoreChanges changes_between(const KeyStore& before, const KeyStore& after);

}  // namespace keysync
