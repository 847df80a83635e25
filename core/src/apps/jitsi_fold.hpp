#pragma once
// What Jitsi will hold of a store's contacts: Jitsi keeps a contact's fingerprints per contact
// under its mangled name, once each, for any account (formats.md 3.4).
#include <cstdint>
#include <string_view>
#include <vector>

#include "keysync/formats/java_properties.hpp"
#include "keysync/key_store.hpp"

namespace keysync {

// One Jitsi contact's fingerprints after fold_contacts: entries [begin, end) of the peers.
struct ContactGroup {
    std::string_view mangled;  // its Jitsi name, in the fold's NAMES
    std::uint32_t begin, end;  // (a store has fewer than 2^32 entries: fold_contacts checks)
    SharedPublicKey key;  // for the old layout's <contact>_publicKey
    bool key_verified = false;
};

struct FoldedContacts {
    TextArena names;  // each Jitsi name once (100k of them are not 100k strings)
    std::vector<ContactGroup> groups;
};

// PEERS become what Jitsi will hold, in place (100k entries are not copied): grouped by Jitsi
// name (sorted; a group's first entry names it), each contact's fingerprint once, in order,
// verified if any entry was, for any account. The public key a contact keeps is its first
// entry's with one, or its first trusted one's.
FoldedContacts fold_contacts(std::vector<PeerFingerprint>& peers);

}  // namespace keysync
