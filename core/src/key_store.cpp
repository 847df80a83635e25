#include "keysync/key_store.hpp"

#include "keysync/i18n.hpp"

namespace keysync {

std::string AccountId::display() const {
    std::string out = name;
    if (resource && !resource->empty()) out += "/" + *resource;
    return out + " (" + protocol + ")";
}

bool account_writable(const Account& account, std::string& why) {
    if (!account.key.has_private()) {
        why = tr("only its public key is known");
        return false;
    }
    if (!account.key.private_matches_public()) {
        why = tr("its private key does not match its public key (y != g^x mod p)");
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
    return account.source + ": " +
           fill(tr("the key of account {} ({}) is damaged: its private part does not match its public part (y != g^x mod p); "
                   "it will not be copied"),
                {account.id.display(), account.key.fingerprint().hex()});

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

namespace {
std::string index_key(const std::string& peer, const PeerFingerprint& p) {
    const auto& fp = p.fingerprint.bytes();
    return peer + '\0' + p.account.protocol + '\0' + p.account.name + '\0' + std::string(fp.begin(), fp.end());
}
}  // namespace

PeerIndex::PeerIndex(const std::vector<PeerFingerprint>& peers) {
    for (std::size_t i = 0; i < peers.size(); ++i) add(peers[i], i);
}

void PeerIndex::add(const PeerFingerprint& p, std::size_t position) {
    exact_.emplace(index_key(p.peer, p), position);
    if (p.name_is_mangled)
        mangled_.emplace(index_key(p.peer, p), position);
    else if (!mangled_.empty() || p.peer.find_first_of("@._") != std::string::npos)
        by_mangled_real_.emplace(index_key(jitsi_mangle(p.peer), p), position);
}

const std::size_t* PeerIndex::find(const PeerFingerprint& p) const {
    if (auto it = exact_.find(index_key(p.peer, p)); it != exact_.end()) return &it->second;
    if (p.name_is_mangled) {
        if (auto it = by_mangled_real_.find(index_key(p.peer, p)); it != by_mangled_real_.end()) return &it->second;
    } else if (!mangled_.empty()) {
        if (auto it = mangled_.find(index_key(jitsi_mangle(p.peer), p)); it != mangled_.end()) return &it->second;
    }
    return nullptr;
}

void PeerIndex::rename(const PeerFingerprint& before, const PeerFingerprint& after, std::size_t position) {
    exact_.erase(index_key(before.peer, before));
    mangled_.erase(index_key(before.peer, before));
    add(after, position);
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
