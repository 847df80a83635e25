#include "keysync/formats/chatsecure_keystore.hpp"

#include <cstring>
#include <map>
#include <unordered_map>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/hashed_positions.hpp"

namespace keysync {
namespace {

const char kJabber[] = "prpl-jabber";
const std::string kPrivateKey = ".privateKey", kPublicKey = ".publicKey", kFingerprint = ".fingerprint",
                  kVerified = ".publicKey.verified";

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
std::string bare(const std::string& jid) { return jid.substr(0, jid.find('/')); }
// The same for a peer name: itself, uncopied, when it has no resource (nearly always).
Interned bare(const Interned& jid) { return jid.find('/') == std::string::npos ? jid : Interned(bare(jid.str())); }

SecureBytes der(const PropertyEntry& e, const std::string& source) {
    auto bytes = base64_decode(e.value);  // the 2011 format wraps at 76 columns: whitespace is skipped
    if (!bytes) throw ParseError(source, e.line, fill(tr("the value of {} is not base64"), {e.key}));
    return std::move(*bytes);
}

bool is_xmpp(const AccountId& id) { return id.protocol == kJabber || id.protocol == "prpl-bonjour"; }

}  // namespace

KeyStore parse_chatsecure_keystore(std::string_view properties, const std::string& source) {
    auto entries = parse_java_properties(properties, source);
    KeyStore store;
    struct PeerInfo {
        std::optional<DsaKey> key;
        std::map<Fingerprint, bool> fingerprints;  // fingerprint -> verified
        std::size_t line = 0;
    };
    std::map<std::string, PeerInfo> peers;
    for (const PropertyEntry& e : entries) {
        if (ends_with(e.key, kPrivateKey)) {
            SecureBytes bytes = der(e, source);
            std::string jid = bare(e.key.substr(0, e.key.size() - kPrivateKey.size()));
            store.accounts.push_back({{kJabber, jid, std::nullopt},
                                      parse_dsa_pkcs8(bytes.data(), bytes.size(), source + ":" + std::to_string(e.line)),
                                      "chatsecure:" + source + ":" + std::to_string(e.line)});
        }
    }
    auto is_account = [&](const std::string& jid) { return store.find_account({kJabber, jid, std::nullopt}) != nullptr; };
    // An account's own fingerprint is no peer; its other fingerprints are (its other devices).
    auto is_own = [&](const std::string& jid, const Fingerprint& fp) {
        const Account* a = store.find_account({kJabber, jid, std::nullopt});
        return a && a->key.fingerprint() == fp;
    };
    for (const PropertyEntry& e : entries) {
        std::string where = source + ":" + std::to_string(e.line);
        if (ends_with(e.key, kVerified)) {
            std::string rest = e.key.substr(0, e.key.size() - kVerified.size());
            auto fp = rest.size() > 41 && rest[rest.size() - 41] == '.' ? Fingerprint::parse(rest.substr(rest.size() - 40)) : std::nullopt;
            if (!fp) throw ParseError(source, e.line, e.key + ": " + tr("expected <jid>.<40 hex fingerprint>.publicKey.verified"));
            std::string jid = bare(rest.substr(0, rest.size() - 41));
            if (is_own(jid, *fp)) continue;
            bool& verified = peers[jid].fingerprints[*fp];
            verified = verified || e.value == "true";  // KeySync's bug was counting "false" too
            if (!peers[jid].line) peers[jid].line = e.line;
        } else if (ends_with(e.key, kPublicKey)) {
            std::string jid = bare(e.key.substr(0, e.key.size() - kPublicKey.size()));
            if (is_account(jid)) continue;
            SecureBytes bytes = der(e, source);
            DsaKey key = parse_dsa_spki(bytes.data(), bytes.size(), where);
            peers[jid].fingerprints.emplace(key.fingerprint(), false);
            peers[jid].key = std::move(key);
            if (!peers[jid].line) peers[jid].line = e.line;
        } else if (ends_with(e.key, kFingerprint)) {
            std::string jid = bare(e.key.substr(0, e.key.size() - kFingerprint.size()));
            auto fp = Fingerprint::parse(e.value);
            if (!fp) throw ParseError(source, e.line, e.key + ": " + tr("not a 40-hex-digit fingerprint"));
            if (is_own(jid, *fp)) continue;
            peers[jid].fingerprints.emplace(*fp, false);
            if (!peers[jid].line) peers[jid].line = e.line;
        }
    }
    if (store.accounts.empty() && !peers.empty())
        store.notes.push_back(source + ": " + tr("no private key, so its peers belong to no account here"));
    for (const auto& [jid, info] : peers) {
        std::string where = "chatsecure:" + source + ":" + std::to_string(info.line);
        for (const auto& [fp, verified] : info.fingerprints) {
            std::optional<DsaKey> key;
            if (info.key && info.key->fingerprint() == fp) key = info.key;
            // ChatSecure does not tie contacts to an account: this one is any account's.
            store.peers.push_back({jid, AccountId::any(kJabber), fp, verified ? Trust::verified() : Trust::unverified(), key, where});
        }
    }
    return store;
}

ChatSecureKeystore write_chatsecure_keystore(const KeyStore& store) {
    ChatSecureKeystore out;
    PropertyBlock props;  // sorted, like KeySync's writer
    auto put = [&](const std::string& key, const SecureString& value) { props.put(key, value); };
    for (const Account& a : store.accounts) {
        std::string why;
        if (!is_xmpp(a.id)) {
            out.notes.push_back("chatsecure: " + fill(tr("account {} not written: ChatSecure has only XMPP accounts"), {a.id.display()}));
            continue;
        }
        if (!account_writable(a, why)) {
            out.notes.push_back("chatsecure: " + fill(tr("account {} not written: {}"), {a.id.display(), why}));
            continue;
        }
        SecureBytes pkcs8 = write_dsa_pkcs8(a.key);
        Bytes spki = write_dsa_spki(a.key);
        put(a.id.name + kPrivateKey, base64_encode(pkcs8.data(), pkcs8.size()));
        put(a.id.name + kPublicKey, base64_encode(spki.data(), spki.size()));
        put(a.id.name + kFingerprint, SecureString(a.key.fingerprint().hex()));
        out.content.accounts.push_back(a);
    }
    // One ".fingerprint" (and public key) per contact: its first trusted fingerprint, else its first.
    std::unordered_map<Interned, const PeerFingerprint*> chosen;
    std::vector<const PeerFingerprint*> xmpp_peers;
    xmpp_peers.reserve(store.peers.size());
    for (const PeerFingerprint& p : store.peers) {
        if (!is_xmpp(p.account)) {
            out.notes.push_back("chatsecure: " + fill(tr("fingerprint {} of {} (account {}) not written: ChatSecure has only XMPP accounts"),
                                                      {p.fingerprint.hex(), p.peer, p.account.display()}));
            continue;
        }
        xmpp_peers.push_back(&p);
        const PeerFingerprint*& c = chosen[bare(p.peer)];
        if (!c || (p.trust.trusted() && !c->trust.trusted())) c = &p;
    }
    for (const auto& [peer, p] : chosen) {
        put(peer + kFingerprint, SecureString(p->fingerprint.hex()));
        if (p->public_key) {
            Bytes spki = write_dsa_spki(*p->public_key);
            put(peer + kPublicKey, base64_encode(spki.data(), spki.size()));
        }
    }
    // The content entry of each contact's fingerprint, by a hash of both.
    auto contact_fingerprint_hash = [](const Interned& peer, const Fingerprint& fp) {
        std::size_t h;
        std::memcpy(&h, fp.bytes().data(), sizeof h);
        return h ^ peer.address_hash();
    };
    HashedPositions held;
    held.reserve(xmpp_peers.size());
    out.content.peers.reserve(xmpp_peers.size());
    for (const PeerFingerprint* p : xmpp_peers) {
        Interned peer = bare(p->peer);
        if (p->trust.trusted()) {
            put(peer + "." + p->fingerprint.hex() + kVerified, "true");
            put(peer + "." + p->fingerprint.hex_upper() + kVerified, "true");
        } else if (chosen[peer]->fingerprint != p->fingerprint) {
            out.notes.push_back("chatsecure: " + fill(tr("unverified fingerprint {} of {} not written: ChatSecure keeps one "
                                                         "unverified fingerprint per contact"),
                                                      {p->fingerprint.hex(), peer}));

            continue;
        }
        // What ChatSecure will hold: the contact, for any account, once per fingerprint.
        std::size_t hash = contact_fingerprint_hash(peer, p->fingerprint);
        PeerFingerprint* known = nullptr;
        held.each(hash, [&](std::size_t i) {
            if (out.content.peers[i].peer == peer && out.content.peers[i].fingerprint == p->fingerprint) known = &out.content.peers[i];
        });
        if (!known) {
            held.insert(hash, out.content.peers.size());
            out.content.peers.push_back({peer, AccountId::any(kJabber), p->fingerprint, p->trust, p->public_key, p->source});
        } else if (p->trust.level > known->trust.level) {
            known->trust = p->trust;
        }
    }
    out.properties = "# OTR keystore written by KeySync\n";
    // All in PROPS and the content now: the indexes need not be held while the file is built.
    chosen = {};
    std::vector<const PeerFingerprint*>().swap(xmpp_peers);
    held = HashedPositions();
    props.append_to(out.properties);
    return out;
}

}  // namespace keysync
