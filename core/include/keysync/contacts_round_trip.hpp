#pragma once
// Locations that keep a contact's fingerprints for any account (Jitsi, ChatSecure) fold each
// contact's entries into one, trusted when any account trusts it (and ChatSecure keeps Bonjour
// accounts and contacts as XMPP ones). What such a location will hold comes back at the next sync
// and changes the others: a sync looks what they will hold up in the merged store as it plans
// them, and where that would change it, merges it back and plans every location again
// (sync.cpp), so that the next sync has nothing left to change.
#include <vector>

#include "keysync/merge.hpp"

namespace keysync {

// Whether some fingerprint in MERGED is trusted for one account and not for another: what such
// a location will hold of it comes back trusted for every account. (Without one, and with no
// entries the location gives back renamed, App::gives_back_renamed, nothing comes back that the
// merged store does not have: a sync need not look.)
bool trust_differs_between_accounts(const KeyStore& merged);

// Whether merging CONTENT (what a location will hold, in the shared names) back into MERGED would
// change it: an account it lacks, a contact's entry it would raise the trust of, or an entry it
// has nowhere. INDEX is MERGED's peers'.
bool comes_back_with_more(const KeyStore& content, const KeyStore& merged, const PeerIndex& index);

// MERGED with CONTENTS merged back in, as the next sync's merge would; its conflicts stay those
// it has (the contents' keys are its own).
void merge_back(MergeResult& merged, std::vector<KeyStore> contents);

}  // namespace keysync
