#include "keysync/key_store.hpp"

#include <string_view>

#include "keysync/i18n.hpp"

namespace keysync {

std::string AccountId::display() const {
    std::string out = name;
    if (is_any()) return fill(tr("any account ({})"), {protocol});
    if (resource && !resource->empty()) out += "/" + *resource;
    return out + " (" + protocol + ")";
}

std::string AccountId::name_with_resource() const { return resource ? name + "/" + *resource : name.str(); }

std::string SourceLine::text() const {
    return line_ ? file_ + ":" + std::to_string(line_) : file_.str();
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

std::size_t contact_hash(std::string_view peer, const PeerFingerprint& p) {
    const auto& fp = p.fingerprint.bytes();
    std::size_t h = std::hash<std::string_view>{}(peer);
    h = h * 31 + std::hash<std::string_view>{}(p.account.protocol);
    return h * 31 + std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(fp.data()), fp.size()));
}

bool same_contact(const PeerFingerprint& a, const PeerFingerprint& b) {
    return a.fingerprint == b.fingerprint && a.account.protocol == b.account.protocol;
}

}  // namespace

PeerIndex::PeerIndex(const std::vector<PeerFingerprint>& peers) : peers_(peers) {
    contacts_.reserve(peers.size());
    for (std::size_t i = 0; i < peers.size(); ++i) add(i);
}

void PeerIndex::add(std::size_t position) {
    const PeerFingerprint& p = peers_[position];
    contacts_.insert(contact_hash(p.peer, p), position);
    if (p.name_is_mangled)
        mangled_.insert(contact_hash(p.peer, p), position);
    else if (by_mangled_real_built_)
        by_mangled_real_.insert(contact_hash(jitsi_mangle(p.peer), p), position);
}

void PeerIndex::remove(std::size_t position) {
    const PeerFingerprint& p = peers_[position];
    auto erase = [&](Buckets& buckets, std::size_t hash) { buckets.erase(hash, position); };
    erase(contacts_, contact_hash(p.peer, p));
    if (p.name_is_mangled)
        erase(mangled_, contact_hash(p.peer, p));
    else if (by_mangled_real_built_)
        erase(by_mangled_real_, contact_hash(jitsi_mangle(p.peer), p));
}

void PeerIndex::build_by_mangled_real() const {
    if (by_mangled_real_built_) return;
    by_mangled_real_built_ = true;
    for (std::size_t position = 0; position < peers_.size(); ++position) {
        const PeerFingerprint& q = peers_[position];
        if (!q.name_is_mangled) by_mangled_real_.insert(contact_hash(jitsi_mangle(q.peer), q), position);
    }
}

std::vector<std::size_t> PeerIndex::find_contact(const PeerFingerprint& p) const {
    std::vector<std::size_t> out;
    contacts_.each(contact_hash(p.peer, p), [&](std::size_t i) {
        if (peers_[i].peer == p.peer && same_contact(peers_[i], p)) out.push_back(i);
    });
    if (p.name_is_mangled) {  // real names whose mangled form this is
        build_by_mangled_real();
        by_mangled_real_.each(contact_hash(p.peer, p), [&](std::size_t i) {
            if (same_contact(peers_[i], p) && jitsi_mangle(peers_[i].peer) == p.peer) out.push_back(i);
        });
    } else if (!mangled_.empty()) {  // entries known only by this name's mangled form
        std::string mangled = jitsi_mangle(p.peer);
        mangled_.each(contact_hash(mangled, p), [&](std::size_t i) {
            if (same_contact(peers_[i], p) && peers_[i].peer == mangled) out.push_back(i);
        });
    }
    return out;
}

std::optional<std::size_t> PeerIndex::find(const PeerFingerprint& p) const {
    std::optional<std::size_t> exact;
    contacts_.each(contact_hash(p.peer, p), [&](std::size_t i) {
        const PeerFingerprint& q = peers_[i];
        if (!exact && q.peer == p.peer && same_contact(q, p) && q.account == p.account) exact = i;
    });
    if (exact) return exact;
    for (std::size_t i : find_contact(p))
        if (peers_[i].account == p.account && peers_[i].name_is_mangled != p.name_is_mangled) return i;
    return std::nullopt;
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
