#include "keysync/key_store.hpp"

namespace keysync {

std::string AccountId::display() const {
    std::string out = name;
    if (resource && !resource->empty()) out += "/" + *resource;
    return out + " (" + protocol + ")";
}

bool account_writable(const Account& account, std::string& why) {
    if (!account.key.has_private()) {
        why = "only its public key is known";
        return false;
    }
    if (!account.key.private_matches_public()) {
        why = "its private key does not match its public key (y != g^x mod p)";
        return false;
    }
    return true;
}

bool account_writable_to(const Account& account, const KeyStore& target_now, std::string& why) {
    const Account* held = target_now.find_account(account.id);
    if (held && held->key.same_public(account.key) && held->key.has_private()) return true;
    return account_writable(account, why);
}

std::string mismatched_key_note(const Account& account) {
    return account.source + ": the key of account " + account.id.display() + " (" + account.key.fingerprint().hex() +
           ") is damaged: its private part does not match its public part (y != g^x mod p); it will not be copied";
}

const Account* KeyStore::find_account(const AccountId& id) const {
    for (const Account& a : accounts)
        if (a.id == id) return &a;
    return nullptr;
}

const PeerFingerprint* KeyStore::find_peer(const std::string& peer, const AccountId& account,
                                           const Fingerprint& fp) const {
    for (const PeerFingerprint& p : peers)
        if (p.peer == peer && p.account == account && p.fingerprint == fp) return &p;
    return nullptr;
}

const PeerFingerprint* KeyStore::find_same_peer(const PeerFingerprint& p) const {
    if (const PeerFingerprint* exact = find_peer(p.peer, p.account, p.fingerprint)) return exact;
    for (const PeerFingerprint& q : peers) {
        if (q.name_is_mangled == p.name_is_mangled || !(q.account == p.account) || q.fingerprint != p.fingerprint) continue;
        if (q.name_is_mangled ? jitsi_mangle(p.peer) == q.peer : jitsi_mangle(q.peer) == p.peer) return &q;
    }
    return nullptr;
}

PeerFingerprint* KeyStore::find_same_peer(const PeerFingerprint& p) {
    return const_cast<PeerFingerprint*>(static_cast<const KeyStore*>(this)->find_same_peer(p));
}

PeerFingerprint* KeyStore::find_peer(const std::string& peer, const AccountId& account, const Fingerprint& fp) {
    return const_cast<PeerFingerprint*>(static_cast<const KeyStore*>(this)->find_peer(peer, account, fp));
}

}  // namespace keysync
