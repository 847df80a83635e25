// Reading Jitsi's OTR store from sip-communicator.properties: the old
// (<contact>_publicKey[_verified]) and new (<contact>_fingerprints, <contact><FP>_fingerprint_verified)
// layouts, as Properties.load sees them.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "apps/jitsi_contacts.hpp"
#include "apps/jitsi_properties.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/i18n.hpp"
#include "keysync/prefault.hpp"
#include "keysync/safe_file.hpp"
#include "keysync/store_building_turn.hpp"

namespace keysync::jitsi {
namespace fs = std::filesystem;
namespace {

// Jitsi's protocol names <-> libpurple's.
std::string prpl_of(const std::string& jitsi) {
    static const std::map<std::string, std::string> table{{"Jabber", "prpl-jabber"}, {"Google Talk", "prpl-jabber"},
                                                          {"Facebook", "prpl-jabber"}, {"SIP", "prpl-simple"},
                                                          {"ICQ", "prpl-icq"}, {"AIM", "prpl-aim"}, {"Yahoo", "prpl-yahoo"}};
    auto it = table.find(jitsi);
    return it == table.end() ? jitsi : it->second;
}

// A property naming one of Jitsi's accounts.
bool jitsi_account_property(std::string_view key) {
    return ends_with(key, ".ACCOUNT_UID") && starts_with(key, "net.java.sip.communicator.impl.protocol.");
}

SecureBytes base64_der(const PropertyView& e, const std::string& source) {
    auto bytes = base64_decode(e.value);
    if (!bytes) throw ParseError(source, e.line, fill(tr("the value of {} is not base64"), {std::string(e.key)}));
    return std::move(*bytes);
}

// "<mangled><FINGERPRINT>_fingerprint_verified" (the key's rest after kOtr, upper-case hex as
// otr4j writes it): the mangled name and the fingerprint.
std::optional<std::pair<std::string_view, Fingerprint>> fingerprint_verified(std::string_view rest) {
    if (!ends_with(rest, kFingerprintVerified) || rest.size() < kFingerprintVerified.size() + 40) return std::nullopt;
    std::string_view hex = rest.substr(rest.size() - kFingerprintVerified.size() - 40, 40);
    auto fingerprint = Fingerprint::parse_upper(hex);  // otr4j looks the key up in upper case only
    if (!fingerprint) return std::nullopt;
    return std::pair{rest.substr(0, rest.size() - kFingerprintVerified.size() - 40), *fingerprint};
}

// "<contact>_fingerprints=FP,FP,...": each fingerprint listed, for MANGLED (a view that lasts).
void add_listed(ContactFingerprints& found, std::string_view mangled, const PropertyView& e, const std::string& source) {
    std::string_view list = e.value;
    for (std::size_t pos = 0; pos <= list.size();) {
        std::size_t comma = std::min(list.find(',', pos), list.size());
        std::string_view item = list.substr(pos, comma - pos);
        pos = comma + 1;
        if (item.empty()) continue;
        auto fp = Fingerprint::parse(item);
        if (!fp)
            throw ParseError(source, e.line, std::string(e.key) + ": " + fill(tr("\"{}\" is not a 40-hex-digit fingerprint"), {std::string(item)}));
        found.add(mangled, *fp, true, false, e.line);
    }
}

// The OTR properties by the rest of their key after kOtr, sorted for lookup; a later
// property of the same key wins, as in Properties.load.
class OtrProperties {
public:
    OtrProperties(const std::vector<PropertyView>& props, bool with_contacts) {
        for (const PropertyView& e : props)
            if (starts_with(e.key, kOtr) && (with_contacts || ends_with(e.key, kPrivate)))
                by_rest_.emplace_back(e.key.substr(kOtr.size()), &e);
        auto by_key = [](const Entry& a, const Entry& b) { return a.first < b.first; };
        if (!std::is_sorted(by_rest_.begin(), by_rest_.end(), by_key))  // as KeySync writes them
            std::stable_sort(by_rest_.begin(), by_rest_.end(), by_key);
        std::vector<Entry> last;  // of each key
        last.reserve(by_rest_.size());
        for (std::size_t i = 0; i < by_rest_.size(); ++i)
            if (i + 1 == by_rest_.size() || by_rest_[i + 1].first != by_rest_[i].first) last.push_back(by_rest_[i]);
        by_rest_ = std::move(last);
    }
    const PropertyView* find(std::string_view rest) const {
        auto it = std::lower_bound(by_rest_.begin(), by_rest_.end(), rest, [](const Entry& e, std::string_view r) { return e.first < r; });
        return it != by_rest_.end() && it->first == rest ? it->second : nullptr;
    }
    bool is_true(std::string_view rest) const {
        const PropertyView* e = find(rest);
        return e && e->value == "true";
    }
    using Entry = std::pair<std::string_view, const PropertyView*>;
    const std::vector<Entry>& entries() const { return by_rest_; }
    void clear() { std::vector<Entry>().swap(by_rest_); }

private:
    std::vector<Entry> by_rest_;
};

// A file whose OTR keys are in order, each once (as KeySync writes them), read a piece at a
// time: its 20 MiB for 100k fingerprints are never held. The contacts' fingerprints and
// marks go into the records as they are read (each key once: none is overridden later);
// the few other properties read() needs are kept. Nullopt when a key comes out of order
// (Jitsi's own files): then the file is read whole, where a later key may override one.
std::optional<KeyStore> read_in_key_order(const fs::path& dir) {
    struct OutOfOrder {};
    fs::path path = dir / kFile;
    std::string source = path.string(), previous;  // the last OTR key's rest
    ParsedProperties kept;
    ContactFingerprints found;
    TextArena names;  // the contacts' mangled names (the pieces do not last)
    std::string_view last_name;
    std::exception_ptr bad_list;  // thrown only if no key comes out of order: a later one might override it
    auto kept_name = [&](std::string_view mangled) {
        if (mangled != last_name) last_name = names.keep(mangled);
        return last_name;
    };
    PropertiesScan scan(source, [&](const PropertyView& e) {
        if (!starts_with(e.key, kOtr)) {
            if (jitsi_account_property(e.key)) kept.add_copy(e);
            return;
        }
        std::string_view rest = e.key.substr(kOtr.size());
        if (!previous.empty() && !(std::string_view(previous) < rest)) throw OutOfOrder{};
        previous.assign(rest);
        if (auto marked = fingerprint_verified(rest))
            found.add(kept_name(marked->first), marked->second, false, e.value == "true", e.line);
        else if (ends_with(rest, kFingerprints))
            try {
                add_listed(found, kept_name(rest.substr(0, rest.size() - kFingerprints.size())), e, source);
            } catch (const ParseError&) {
                if (!bad_list) bad_list = std::current_exception();
            }
        else
            kept.add_copy(e);
    });
    try {
        if (!read_file_in_pieces(
                path, [&](std::string_view text, bool at_end) { return scan.feed(text, at_end); },
                {[&] { return found.size(); }, [&](std::size_t n) { found.reserve(n); }}))
            throw Error(source + ": " + tr("file not found"));
    } catch (const OutOfOrder&) {
        return std::nullopt;
    }
    if (bad_list) std::rethrow_exception(bad_list);
    return read_properties(kept, dir, true, std::move(found));
}

}  // namespace

std::vector<JitsiAccount> jitsi_accounts(const std::vector<PropertyView>& props) {
    std::vector<JitsiAccount> out;
    for (const PropertyView& e : props) {
        if (!jitsi_account_property(e.key)) continue;
        std::string uid(e.value.begin(), e.value.end());
        std::size_t colon = uid.find(':');
        if (colon == std::string::npos) continue;
        std::string user = uid.substr(colon + 1);
        // XMPP UIDs append "@<server>" to the JID; SIP UIDs are just the address.
        if (std::count(user.begin(), user.end(), '@') >= 2) user = user.substr(0, user.rfind('@'));
        out.push_back({uid, {prpl_of(uid.substr(0, colon)), user, std::nullopt}});
    }
    return out;
}

bool is_key_property(std::string_view key) {
    if (!starts_with(key, kOtr)) return false;
    for (const std::string* s : {&kPrivate, &kPublic, &kPublicVerified, &kFingerprints, &kFingerprintVerified})
        if (ends_with(key, *s)) return true;
    return false;
}

KeyStore read_properties(ParsedProperties& parsed, const fs::path& dir, bool with_contacts, ContactFingerprints found) {
    const std::vector<PropertyView>& props = parsed.entries();
    std::string source = (dir / kFile).string();
    const Interned file("jitsi:" + source);  // each entry's source: this and its line
    auto accounts = jitsi_accounts(props);
    KeyStore store;
    OtrProperties otr(props, with_contacts);
    std::set<std::string, std::less<>> used;
    for (const JitsiAccount& a : accounts) {
        std::string m = jitsi_mangle(a.uid);
        const PropertyView* priv = otr.find(m + kPrivate);
        if (!priv) continue;
        SecureBytes der = base64_der(*priv, source);
        store.accounts.push_back({a.id, parse_dsa_pkcs8(der.data(), der.size(), source + ":" + std::to_string(priv->line)),
                                  "jitsi:" + source + ":" + std::to_string(priv->line)});
        used.insert(m + kPrivate), used.insert(m + kPublic);
    }
    if (!with_contacts) return store;
    JitsiContacts contacts = read_jitsi_contacts(dir / "contactlist.xml");
    // Contacts, in both layouts, by mangled name (views into the properties). OTR's
    // entries are each key's last, so "a later property of the same key wins" holds.
    std::size_t records = found.size();  // one per property, one per listed fingerprint
    for (const auto& [rest, e] : otr.entries())
        records += 1 + (ends_with(rest, kFingerprints) ? static_cast<std::size_t>(std::count(e->value.begin(), e->value.end(), ',')) : 0);
    found.reserve(records);
    std::string lookup;  // a related property's key rest, built in place
    for (const auto& [rest, e] : otr.entries()) {
        if (auto marked = fingerprint_verified(rest)) {  // counts only for a listed fingerprint
            found.add(marked->first, marked->second, false, e->value == "true", e->line);
            continue;
        }
        if (used.count(rest)) continue;
        if (ends_with(rest, kPublic)) {
            SecureBytes der = base64_der(*e, source);
            DsaKey key = parse_dsa_spki(der.data(), der.size(), source + ":" + std::to_string(e->line));
            std::string_view mangled = rest.substr(0, rest.size() - kPublic.size());
            lookup.assign(rest).append("_verified");
            found.add(mangled, key.fingerprint(), true, otr.is_true(lookup), e->line);
            found.add_key(mangled, std::move(key), e->line);
        } else if (ends_with(rest, kFingerprints)) {
            add_listed(found, rest.substr(0, rest.size() - kFingerprints.size()), *e, source);
        }
    }
    otr.clear();  // 150k views less to hold beside the entries about to be made
    parsed.drop_views();
    // Jitsi's OTR store is per contact, not per local account: a contact belongs to any
    // account of each protocol Jitsi has accounts for (XMPP when it has none).
    std::vector<AccountId> any_account;  // of each protocol, named once, not for each of 100k entries
    for (const Account& a : store.accounts)
        if (std::none_of(any_account.begin(), any_account.end(), [&](const AccountId& id) { return id.protocol == a.id.protocol; }))
            any_account.push_back(AccountId::any(a.id.protocol));
    if (any_account.empty()) any_account.push_back(AccountId::any("prpl-jabber"));
    StoreBuildingTurn turn;  // (the records, the names and the entries at once)
    const std::size_t entries = found.group() * any_account.size();
    // Each contact named once: by its address, or by its mangled name when the contact list does
    // not say who it is (matched to other apps' names by the merge).
    std::vector<std::string_view> names = found.contact_names();
    TextArena addresses;  // the known contacts', for NAMES to view
    std::vector<bool> unknown(names.size());
    for (std::size_t c = 0; c < names.size(); ++c) {
        JitsiContact who = contacts.find(names[c]);
        unknown[c] = who.address.empty();
        if (!unknown[c]) names[c] = addresses.keep(who.address);
    }
    const std::vector<Interned> peers = intern_all(names);
    std::vector<std::string_view>().swap(names);
    reserve_resident(store.peers, entries);  // (after the names and their lookups are let go of)
    found.each([&](const ContactFingerprints::Found& f) {
        for (const AccountId& any : any_account)
            store.peers.push_back({peers[f.contact_number], any, f.fingerprint, f.verified ? Trust::verified() : Trust::unverified(),
                                   SourceLine(file, f.line), unknown[f.contact_number], f.key ? std::optional<DsaKey>(*f.key) : std::nullopt});
    });
    return store;
}

KeyStore read_jitsi(const fs::path& dir) {
    fs::path path = dir / kFile;
    if (auto store = read_in_key_order(dir)) return std::move(*store);
    SecureString text = read_file(path);
    ParsedProperties parsed = parse_java_property_views(text, path.string());
    return read_properties(parsed, dir, true);
}

}  // namespace keysync::jitsi
