#pragma once
// The app-neutral model every reader produces and every writer consumes (DESIGN.md §2).
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "keysync/dsa_key.hpp"
#include "keysync/trust.hpp"

namespace keysync {

// A local identity's name: protocol as a libpurple "prpl-*" id, the account id (bare JID for
// XMPP) and, for XMPP, the resource if the app keeps one ("" is a real, empty resource).
struct AccountId {
    std::string protocol;
    std::string name;
    std::optional<std::string> resource;

    auto operator<=>(const AccountId& o) const {
        if (auto c = protocol <=> o.protocol; c != 0) return c;
        return name <=> o.name;
    }
    bool operator==(const AccountId& o) const { return protocol == o.protocol && name == o.name; }
    std::string display() const;  // "name (protocol)"
};

struct Account {
    AccountId id;
    DsaKey key;
    std::string source;  // where it was read: "pidgin:/home/u/.purple/otr.private_key"
};

// Readers keep a key whose x does not match y (and note it); writers call this and skip the
// account with WHY, so a broken key is never spread to other apps.
bool account_writable(const Account& account, std::string& why);

// The note a reader adds for such a key.
std::string mismatched_key_note(const Account& account);

// One known fingerprint of a remote peer, as seen from one local account.
struct PeerFingerprint {
    std::string peer;    // the contact as the protocol names it (bare JID, IRC nick, ...)
    AccountId account;   // the local account that knows this peer
    Fingerprint fingerprint;
    Trust trust;
    std::optional<DsaKey> public_key;  // otr4j stores keep the whole public key
    std::string source;
    // Jitsi keeps contacts under a mangled name (formats.md 3.4); when its contact list does not
    // say who that is, PEER is the mangled name and matches the real one of any other app.
    bool name_is_mangled = false;
};

// Jitsi's mangling: every char not a letter or digit becomes '_', a leading digit gets a 'p'.
std::string jitsi_mangle(const std::string& id);

struct KeyStore {
    std::vector<Account> accounts;
    std::vector<PeerFingerprint> peers;
    std::vector<std::string> notes;  // what was skipped or could not be represented, by name

    const Account* find_account(const AccountId& id) const;
    PeerFingerprint* find_peer(const std::string& peer, const AccountId& account, const Fingerprint& fp);
    const PeerFingerprint* find_peer(const std::string& peer, const AccountId& account,
                                     const Fingerprint& fp) const;
    // The entry for the same peer, account and fingerprint, also when one of the two names is
    // only known mangled.
    PeerFingerprint* find_same_peer(const PeerFingerprint& p);
    const PeerFingerprint* find_same_peer(const PeerFingerprint& p) const;
};

// Finds peers by (peer, account, fingerprint) in constant time, as KeyStore::find_same_peer
// does by scanning; for stores with many fingerprints (merges run on 100k of them).
class PeerIndex {
public:
    PeerIndex() = default;
    explicit PeerIndex(const std::vector<PeerFingerprint>& peers);
    void add(const PeerFingerprint& p, std::size_t position);
    const std::size_t* find(const PeerFingerprint& p) const;  // nullptr when absent
    void rename(const PeerFingerprint& before, const PeerFingerprint& after, std::size_t position);

private:
    std::unordered_map<std::string, std::size_t> exact_;
    std::unordered_map<std::string, std::size_t> by_mangled_real_;  // real names, by their mangled form
    std::unordered_map<std::string, std::size_t> mangled_;           // entries known only mangled
};

// As account_writable, but a key the target location already holds is always kept there.
bool account_writable_to(const Account& account, const KeyStore& target_now, std::string& why);

}  // namespace keysync
