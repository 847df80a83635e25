#include "keysync/key_store.hpp"

#include <cstdint>
#include <cstring>

#include <string_view>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

std::string AccountId::display() const {
    std::string out = name;
    if (is_any()) return fill(tr("any account ({})"), {protocol});
    if (resource && !(*resource).empty()) out += "/" + *resource;
    return out + " (" + protocol + ")";
}

std::string AccountId::name_with_resource() const { return resource ? name + "/" + *resource : std::string(name.str()); }

std::string SourceLine::text() const {
    return line_ ? file_ + ":" + std::to_string(line_) : std::string(file_.str());
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

const Account* find_account(const std::vector<Account>& accounts, const AccountId& id) {
    for (const Account& a : accounts)
        if (a.id == id) return &a;
    return nullptr;
}

const Account* KeyStore::find_account(const AccountId& id) const { return keysync::find_account(accounts, id); }

const PeerFingerprint* KeyStore::find_peer(std::string_view peer, const AccountId& account,
                                           const Fingerprint& fp) const {
    for (const PeerFingerprint& p : peers)
        if (p.peer == peer && p.account == account && p.fingerprint == fp) return &p;
    return nullptr;
}

std::size_t peer_hash(const Fingerprint& fingerprint, const Interned& protocol) {
    // A fingerprint is a SHA-1 hash: its bytes are spread already.
    const auto& b = fingerprint.bytes();
    std::uint64_t head, middle;
    std::uint32_t tail;
    std::memcpy(&head, b.data(), sizeof head);
    std::memcpy(&middle, b.data() + 8, sizeof middle);
    std::memcpy(&tail, b.data() + 16, sizeof tail);
    return static_cast<std::size_t>(head ^ (middle * 0x9E3779B97F4A7C15ull) ^ tail) ^ protocol.number_hash();
}

void refuse_sharing_fingerprint(const PeerFingerprint& p, std::size_t limit) {
    throw Error(fill(tr("{}: more than {} entries have the fingerprint {} ({}): no OTR client keeps one key for so many"),
                     {p.source.text(), std::to_string(limit), p.fingerprint.hex(), p.account.protocol}));
}

bool same_peer_name(const Interned& entry, bool entry_mangled, const Interned& p, bool p_mangled) {
    if (entry == p) return true;
    if (entry_mangled == p_mangled) return false;
    return p_mangled ? jitsi_mangles_to(entry, p)   // a real name whose mangled form P is
                     : jitsi_mangles_to(p, entry);  // an entry known only by P's mangled form
}

const PeerFingerprint* KeyStore::find_same_peer(const PeerFingerprint& p) const {
    if (const PeerFingerprint* exact = find_peer(p.peer, p.account, p.fingerprint)) return exact;
    for (const PeerFingerprint& q : peers) {
        if (q.name_is_mangled == p.name_is_mangled || !(q.account == p.account) || q.fingerprint != p.fingerprint) continue;
        if (q.name_is_mangled ? jitsi_mangles_to(p.peer, q.peer) : jitsi_mangles_to(q.peer, p.peer)) return &q;
    }
    return nullptr;
}

PeerFingerprint* KeyStore::find_same_peer(const PeerFingerprint& p) {
    return const_cast<PeerFingerprint*>(static_cast<const KeyStore*>(this)->find_same_peer(p));
}

PeerFingerprint* KeyStore::find_peer(std::string_view peer, const AccountId& account, const Fingerprint& fp) {
    return const_cast<PeerFingerprint*>(static_cast<const KeyStore*>(this)->find_peer(peer, account, fp));
}

}  // namespace keysync
