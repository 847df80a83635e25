#include "keysync/formats/chatsecure_keystore.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stdexcept>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/ordered_tasks.hpp"
#include "keysync/prefault.hpp"
#include "keysync/store_building_turn.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/formats/java_properties.hpp"
#include "formats/contact_fingerprints.hpp"

namespace keysync {
namespace {

const char kJabber[] = "prpl-jabber";
const std::string kPrivateKey = ".privateKey", kPublicKey = ".publicKey", kFingerprint = ".fingerprint",
                  kVerified = ".publicKey.verified";

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
std::string_view bare(std::string_view jid) { return jid.substr(0, jid.find('/')); }
// The same for a peer name: itself, uncopied, when it has no resource (nearly always).
Interned bare(const Interned& jid) { return jid.find('/') == std::string::npos ? jid : Interned(bare(std::string_view(jid))); }

SecureBytes der(const PropertyView& e, const std::string& source) {
    auto bytes = base64_decode(e.value);  // the 2011 format wraps at 76 columns: whitespace is skipped
    if (!bytes) throw ParseError(source, e.line, fill(tr("the value of {} is not base64"), {std::string(e.key)}));
    return std::move(*bytes);
}

// The protocols as interned names: 100k entries are asked, and a number compares faster than text.
const Interned& jabber() {
    static const Interned name(kJabber);
    return name;
}
bool is_xmpp(const AccountId& id) {
    static const Interned bonjour("prpl-bonjour");
    return id.protocol == jabber() || id.protocol == bonjour;
}

}  // namespace

// The keystore's properties taken as they are read (a piece of the file at a time: its 15 MiB
// are never held): accounts' keys parsed at once, contacts' fingerprints collected, and what
// belongs to the accounts themselves dropped at the end, once every account is known.
struct ChatSecureKeystoreReader::State {
    std::string source;
    Interned file;  // each entry's source: this and its line
    KeyStore store;
    ContactFingerprints peers;  // by bare JID
    TextArena names;            // the contacts' JIDs (the pieces they were read from do not last)
    std::string_view last_name;
    PropertiesScan scan;

    explicit State(std::string from)
        : source(std::move(from)), file("chatsecure:" + source), scan(source, [this](const PropertyView& e) { take(e); }) {}

    std::string_view kept_name(std::string_view jid) {
        if (jid != last_name) last_name = names.keep(jid);
        return last_name;
    }

    void take(const PropertyView& e) {
        if (ends_with(e.key, kPrivateKey)) {
            SecureBytes bytes = der(e, source);
            std::string_view jid = bare(e.key.substr(0, e.key.size() - kPrivateKey.size()));
            store.accounts.push_back({{kJabber, jid, std::nullopt},
                                      parse_dsa_pkcs8(bytes.data(), bytes.size(), source + ":" + std::to_string(e.line)),
                                      "chatsecure:" + source + ":" + std::to_string(e.line)});
        } else if (ends_with(e.key, kVerified)) {
            std::string_view rest = e.key.substr(0, e.key.size() - kVerified.size());
            auto fp = rest.size() > 41 && rest[rest.size() - 41] == '.' ? Fingerprint::parse(rest.substr(rest.size() - 40)) : std::nullopt;
            if (!fp) throw ParseError(source, e.line, std::string(e.key) + ": " + tr("expected <jid>.<40 hex fingerprint>.publicKey.verified"));
            peers.add(kept_name(bare(rest.substr(0, rest.size() - 41))), *fp, true, e.value == "true", e.line);  // KeySync's bug was counting "false" too
        } else if (ends_with(e.key, kPublicKey)) {
            std::string_view jid = bare(e.key.substr(0, e.key.size() - kPublicKey.size()));
            SecureBytes bytes = der(e, source);
            peers.add_key(kept_name(jid), parse_dsa_spki(bytes.data(), bytes.size(), source + ":" + std::to_string(e.line)), e.line);
        } else if (ends_with(e.key, kFingerprint)) {
            std::string_view jid = bare(e.key.substr(0, e.key.size() - kFingerprint.size()));
            auto fp = Fingerprint::parse(e.value);
            if (!fp) throw ParseError(source, e.line, std::string(e.key) + ": " + tr("not a 40-hex-digit fingerprint"));
            peers.add(kept_name(jid), *fp, true, false, e.line);
        }
    }

    KeyStore finish() {
        // An account's own public key and fingerprint are no peer; its other fingerprints are
        // (its other devices). Every record is asked (100k): its name is looked up among the
        // accounts' as text, not interned (which was a third of reading a keystore), and once for
        // a contact's records (they share one view). The first account of a name, as find_account.
        std::vector<const Account*> by_name;
        for (const Account& a : store.accounts) by_name.push_back(&a);
        std::stable_sort(by_name.begin(), by_name.end(), [](const Account* a, const Account* b) { return a->id.name.str() < b->id.name.str(); });
        std::string_view last_jid;
        const Account* own = nullptr;
        peers.drop_if([&](std::string_view jid, const Fingerprint& fp, bool from_key) {
            if (jid.data() != last_jid.data() || jid.size() != last_jid.size()) {
                last_jid = jid;
                auto at = std::lower_bound(by_name.begin(), by_name.end(), jid, [](const Account* a, std::string_view name) { return a->id.name.str() < name; });
                own = at != by_name.end() && (*at)->id.name.str() == jid ? *at : nullptr;
            }
            return own && (from_key || own->key.fingerprint() == fp);
        });
        StoreBuildingTurn turn;  // (the records, the names and the entries at once)
        std::size_t count = peers.group();
        if (store.accounts.empty() && count)
            store.notes.push_back(source + ": " + tr("no private key, so its peers belong to no account here"));
        const std::vector<Interned> names = peers.intern_contact_names();  // each contact's, named once
        this->names = TextArena(), last_name = {};  // the names' first copies, let go of before the entries are made
        reserve_resident(store.peers, count);  // (after the names' lookups let go of their 2 MiB)
        const AccountId any = AccountId::any(kJabber);  // named once, not for each of 100k entries
        peers.each([&](const ContactFingerprints::Found& f) {
            // ChatSecure does not tie contacts to an account: this one is any account's.
            store.peers.push_back({names[f.contact_number], any, f.fingerprint, f.verified ? Trust::verified() : Trust::unverified(), SourceLine(file, f.line),
                                   false, f.key ? std::optional<DsaKey>(*f.key) : std::nullopt});
        });
        return std::move(store);
    }
};

ChatSecureKeystoreReader::ChatSecureKeystoreReader(std::string source) : state_(std::make_unique<State>(std::move(source))) {}
ChatSecureKeystoreReader::~ChatSecureKeystoreReader() = default;
std::size_t ChatSecureKeystoreReader::feed(std::string_view text, bool at_end) { return state_->scan.feed(text, at_end); }
std::size_t ChatSecureKeystoreReader::records() const { return state_->peers.size(); }
void ChatSecureKeystoreReader::reserve(std::size_t records) { state_->peers.reserve(records); }
KeyStore ChatSecureKeystoreReader::finish() && { return state_->finish(); }

KeyStore parse_chatsecure_keystore(std::string_view properties, const std::string& source) {
    ChatSecureKeystoreReader reader(source);
    reader.feed(properties, true);
    return std::move(reader).finish();
}

namespace {

// What a keystore is made from, laid out once (a plan's file is made from it later): the
// accounts and contacts of STORE it can hold, each contact's entries together, contacts by
// name, so the properties are written a contact at a time in key order
// (append_properties_in_runs, with the runs STARTS_RUN marks), not sorted all at once. It points into STORE.
struct KeystoreLayout {
    struct Entry {
        Interned contact;  // the bare JID
        const PeerFingerprint* peer;
    };
    // A name that owns properties: an account's or a contact's (sorted, each once). 20 bytes,
    // not 48 as views and iterators: a sync of 100k holds one for each contact beside the
    // merged store and another location's plan.
    struct Name {
        Interned name;
        std::uint32_t accounts_begin = 0, accounts_end = 0;  // in ACCOUNTS
        std::uint32_t entries_begin = 0, entries_end = 0;    // in ENTRIES
        std::string_view text() const { return name.str(); }
    };
    std::vector<const Account*> written_accounts;  // in STORE's order
    std::vector<const Account*> accounts;          // the same by name
    std::vector<Entry> entries;
    std::vector<Name> names;
    // By name: whether it starts a run of names that share a block of properties (the names
    // after it that start with it; properties_run_end), found as the names are laid out, their
    // text at hand (looked up again among 100k to cut the text in two and to write it: 4-8 ms).
    std::vector<bool> starts_run;
    std::size_t run_end(std::size_t begin, std::size_t end) const {  // of the run at BEGIN, up to END
        while (++begin < end && !starts_run[begin]) {
        }
        return begin;
    }
    std::size_t size = 64;    // of the text, about (reserved once)
    // The entries ChatSecure will hold, counted: room for every entry (a 100k sync's 6.4 MiB for
    // the 4.6 it used) was at the peak of a sync run again.
    std::size_t entries_held = 0;
    std::vector<std::string> notes;  // what STORE has that it cannot hold

    // The fingerprint a contact's ".fingerprint" (and public key) gives: its first trusted one, else its first.
    const PeerFingerprint& chosen(const Name& n) const {
        const PeerFingerprint* chosen = entries[n.entries_begin].peer;
        for (std::size_t e = n.entries_begin + 1; e < n.entries_end; ++e)
            if (entries[e].peer->trust.trusted() && !chosen->trust.trusted()) chosen = entries[e].peer;
        return *chosen;
    }
    // Whether ChatSecure holds P of a contact whose chosen fingerprint is CHOSEN: ChatSecure keeps
    // one unverified fingerprint per contact.
    static bool holds(const PeerFingerprint& p, const PeerFingerprint& chosen) {
        return p.trust.trusted() || p.fingerprint == chosen.fingerprint;
    }

    explicit KeystoreLayout(const KeyStore& store);
    KeystoreLayout(const KeystoreLayout&) = delete;
    KeystoreLayout& operator=(const KeystoreLayout&) = delete;
};

KeystoreLayout::KeystoreLayout(const KeyStore& store) {
    for (const Account& a : store.accounts) {
        std::string why;
        if (!is_xmpp(a.id)) {
            notes.push_back("chatsecure: " + fill(tr("account {} not written: ChatSecure has only XMPP accounts"), {a.id.display()}));
            continue;
        }
        if (!account_writable(a, why)) {
            notes.push_back("chatsecure: " + fill(tr("account {} not written: {}"), {a.id.display(), why}));
            continue;
        }
        written_accounts.push_back(&a);
    }
    entries.reserve(store.peers.size());
    for (const PeerFingerprint& p : store.peers) {
        if (!is_xmpp(p.account)) {
            notes.push_back("chatsecure: " + fill(tr("fingerprint {} of {} (account {}) not written: ChatSecure has only XMPP accounts"),
                                                  {p.fingerprint.hex(), p.peer, p.account.display()}));
            continue;
        }
        prefault_ahead(entries);  // (not all its room at once: the other accounts' entries are not kept)
        entries.push_back({bare(p.peer), &p});
    }
    auto by_contact = [](const Entry& a, const Entry& b) { return a.contact < b.contact; };  // (the same name: one number)
    if (!std::is_sorted(entries.begin(), entries.end(), by_contact))  // a second sync: in ChatSecure's order already
        std::stable_sort(entries.begin(), entries.end(), by_contact);
    accounts = written_accounts;
    std::sort(accounts.begin(), accounts.end(), [](const Account* a, const Account* b) { return a->id.name.str() < b->id.name.str(); });
    if (entries.size() > UINT32_MAX) throw std::length_error("chatsecure: too many entries");
    std::size_t contacts = 0;  // the names' room made once (grown by doubling, it was up to twice their size)
    for (std::size_t e = 0; e < entries.size(); ++e) contacts += e == 0 || entries[e].contact != entries[e - 1].contact;
    reserve_resident(names, contacts + accounts.size());
    starts_run.reserve(contacts + accounts.size());
    auto at = [](std::size_t i) { return static_cast<std::uint32_t>(i); };
    // Where each account's name falls among the contacts (both sorted): looked up once each, not
    // compared with each of 100k contacts as they are walked.
    std::vector<std::size_t> account_at;
    for (const Account* account : accounts)
        account_at.push_back(static_cast<std::size_t>(
            std::lower_bound(entries.begin(), entries.end(), account->id.name.str(),
                             [](const Entry& entry, std::string_view name) { return entry.contact.str() < name; }) -
            entries.begin()));
    std::vector<Fingerprint> held_fingerprints;  // one contact's
    std::string_view run_first;  // the name the current run starts with
    for (std::size_t a = 0, e = 0; a < accounts.size() || e < entries.size();) {
        bool contact_first = a == accounts.size() || e < account_at[a];
        Name n;
        n.name = contact_first ? entries[e].contact : accounts[a]->id.name;
        n.accounts_begin = n.accounts_end = at(a);
        while (n.accounts_end < accounts.size() && accounts[n.accounts_end]->id.name == n.name) ++n.accounts_end, size += 2048;
        n.entries_begin = n.entries_end = at(e);
        bool with_key = false;
        const std::string_view text = n.text();
        const std::size_t text_size = text.size();
        const bool starts = names.empty() || !text.starts_with(run_first);
        if (starts) run_first = text;
        starts_run.push_back(starts);
        // A contact's entries are together and share its interned name (an account's too, if it is one).
        while (n.entries_end < entries.size() && entries[n.entries_end].contact == n.name) {
            const PeerFingerprint& p = *entries[n.entries_end++].peer;
            with_key |= static_cast<bool>(p.public_key);
            if (p.trust.trusted()) size += 2 * (text_size + 66);  // "<name>.<fp>.publicKey.verified=true\n", both cases
        }
        if (n.entries_end > n.entries_begin) {
            size += text_size + 54 + (with_key ? 640 : 0);  // its ".fingerprint" (and key)
            const PeerFingerprint& c = chosen(n);
            held_fingerprints.clear();  // each once: sorted, copies are side by side (a hostile file's contact may have 100k)
            for (std::size_t k = n.entries_begin; k < n.entries_end; ++k)
                if (holds(*entries[k].peer, c)) held_fingerprints.push_back(entries[k].peer->fingerprint);
            std::sort(held_fingerprints.begin(), held_fingerprints.end());
            entries_held += static_cast<std::size_t>(std::unique(held_fingerprints.begin(), held_fingerprints.end()) - held_fingerprints.begin());
        }
        a = n.accounts_end;
        e = n.entries_end;
        names.push_back(n);
    }
}

// The keystore LAYOUT makes: its text kept (WRITE null), passed to WRITE a piece at a time, or
// not made at all (not MAKE_TEXT: what it holds and its notes only). Only the part of its names
// [NAMES_BEGIN, NAMES_END) when given (each a run's start, STARTS_RUN), the heading with
// the first.
ChatSecureKeystore make_keystore(const KeystoreLayout& layout, bool with_peers, bool make_text,
                                 const std::function<void(std::string_view)>& write, std::size_t names_begin = 0,
                                 std::size_t names_end = static_cast<std::size_t>(-1)) {
    using Name = KeystoreLayout::Name;
    const auto& entries = layout.entries;
    const auto& names = layout.names;
    names_end = std::min(names_end, names.size());
    ChatSecureKeystore out;
    out.notes = layout.notes;
    for (const Account* a : layout.written_accounts) {  // as ChatSecure gives them back: XMPP ones (a Bonjour one too)
        out.content.accounts.push_back(*a);
        out.content.accounts.back().id.protocol = kJabber;
    }
    // The content entry of each contact's fingerprint.
    if (with_peers) reserve_resident(out.content.peers, layout.entries_held);  // (made of all its names)
    const AccountId any = AccountId::any(kJabber);  // named once, not for each of 100k entries
    std::vector<PeerFingerprint> held;  // one contact's, when only counted
    std::vector<const PeerFingerprint*> contact_held;  // one contact's entries ChatSecure holds, as it is made
    if (names_begin == 0) out.properties = "# OTR keystore written by KeySync\n";
    constexpr std::size_t kPiece = 64 << 10;  // passed on to WRITE once this much is made
    if (make_text) out.properties.reserve(write ? kPiece + 4096 : layout.size);
    auto pass_on = [&](SecureString& text) {
        if (write && text.size() >= kPiece) write(text), text.clear();
    };
    std::string key;  // built in place for each property
    // Contacts' second unverified fingerprints can come by the 100k: the first are noted one by
    // one, the rest counted in one note (a report lists 100 notes; 100k of them cost 7 MiB).
    constexpr std::size_t kDetailedNotes = 50;
    std::size_t unverified_dropped = 0;
    auto named = [&](std::string_view name, std::string_view suffix) -> const std::string& {
        return key.assign(name).append(suffix);
    };
    // The lines "<name>.<fingerprint>.publicKey.verified=true" of one contact written without the
    // block (both cases of each fingerprint, once each): sorted, they come before its
    // ".fingerprint" line (40 hex digits sort before "fingerprint", whose 'i' is above every
    // digit), which comes before ".publicKey".
    std::vector<std::array<char, 40>> verified;
    // NAMES_BEGIN + I's properties put into PROPS, or, when DIRECT is given (a contact alone in
    // its run with a name written as it is, no account and no key: write_alone), appended to
    // it as the block would write them: a contact's two to five lines, copied twice, sorted as
    // text and scanned for escapes in the block, were about a third of the CPU that making a
    // 100k keystore's text took (in a profile).
    auto put_or_write = [&](std::size_t i, PropertyBlock& props, SecureString* direct) {
        const Name& n = names[names_begin + i];
        const std::string_view text = n.text();
        for (std::size_t a = n.accounts_begin; make_text && a < n.accounts_end; ++a) {
            const DsaKey& k = layout.accounts[a]->key;
            SecureBytes pkcs8 = write_dsa_pkcs8(k);
            Bytes spki = write_dsa_spki(k);
            props.put(named(text, kPrivateKey), base64_encode(pkcs8.data(), pkcs8.size()));
            props.put(named(text, kPublicKey), base64_encode(spki.data(), spki.size()));
            props.put(named(text, kFingerprint), k.fingerprint().hex());
        }
        if (n.entries_begin == n.entries_end) return;
        const PeerFingerprint* chosen = &layout.chosen(n);
        char hex[40];  // (no string made for each of 100k contacts)
        if (make_text && !direct) chosen->fingerprint.write_hex(hex), props.put(named(text, kFingerprint), std::string_view(hex, 40));
        if (make_text && chosen->public_key) {
            Bytes spki = write_dsa_spki(*chosen->public_key);
            props.put(named(text, kPublicKey), base64_encode(spki.data(), spki.size()));
        }
        std::vector<PeerFingerprint>& content = with_peers ? out.content.peers : held;
        if (!with_peers) held.clear();
        std::size_t held_from = content.size();  // this contact's content entries
        for (std::size_t e = n.entries_begin; e < n.entries_end; ++e) {
            const PeerFingerprint* p = entries[e].peer;
            if (p->trust.trusted()) {
                if (direct) {
                    verified.emplace_back(), p->fingerprint.write_hex(verified.back().data());
                    verified.emplace_back(), p->fingerprint.write_hex_upper(verified.back().data());
                } else if (make_text) {
                    for (bool upper : {false, true}) {
                        upper ? p->fingerprint.write_hex_upper(hex) : p->fingerprint.write_hex(hex);
                        props.put(key.assign(text).append(".").append(hex, 40).append(kVerified), "true");
                    }
                }
            } else if (!KeystoreLayout::holds(*p, *chosen)) {
                if (unverified_dropped++ < kDetailedNotes)
                    out.notes.push_back("chatsecure: " + fill(tr("unverified fingerprint {} of {} not written: ChatSecure keeps one "
                                                                 "unverified fingerprint per contact"),
                                                              {p->fingerprint.hex(), entries[e].contact}));
                continue;
            }
            contact_held.push_back(p);
        }
        // What ChatSecure will hold: the contact, for any account, once per fingerprint (the
        // first entry's, sorted: copies are side by side, a hostile file's contact may have
        // 100k), verified if any entry is, or not (it has no word for SMP: a sync must not
        // report SMP as new each time).
        std::stable_sort(contact_held.begin(), contact_held.end(), [](const PeerFingerprint* a, const PeerFingerprint* b) { return a->fingerprint < b->fingerprint; });
        for (std::size_t k = 0; k < contact_held.size();) {
            const PeerFingerprint* first = contact_held[k];
            bool trusted = false;
            for (; k < contact_held.size() && contact_held[k]->fingerprint == first->fingerprint; ++k) trusted |= contact_held[k]->trust.trusted();
            content.push_back({n.name, any, first->fingerprint, trusted ? Trust::verified() : Trust::unverified(), first->source, false, first->public_key});
        }
        contact_held.clear();
        out.fingerprints += content.size() - held_from;
        if (!direct) return;
        std::sort(verified.begin(), verified.end());
        verified.erase(std::unique(verified.begin(), verified.end()), verified.end());
        for (const auto& digits : verified)
            direct->append(text).append(".").append(digits.data(), 40).append(kVerified).append("=true\n");
        verified.clear();
        chosen->fingerprint.write_hex(hex);
        direct->append(text).append(kFingerprint).append("=").append(hex, 40).append("\n");
    };
    auto put = [&](std::size_t i, PropertyBlock& props) { put_or_write(i, props, nullptr); };
    PropertyBlock unused;  // (write_alone's lines go straight into the text)
    auto write_alone = [&](std::size_t i, SecureString& text) {
        const Name& n = names[names_begin + i];
        if (n.accounts_begin != n.accounts_end || n.entries_begin == n.entries_end || layout.chosen(n).public_key ||
            !written_as_is(n.text()))
            return false;
        put_or_write(i, unused, &text);
        return true;
    };
    if (make_text) {
        append_properties_in_runs(
            out.properties, names_end - names_begin, [&](std::size_t i) { return layout.run_end(names_begin + i, names_end) - names_begin; },
            put, pass_on, write_alone);
    } else {  // what it holds only: no properties, so no runs of names to sort them in (a plan's 100k names: 7 ms)
        for (std::size_t i = 0; i < names_end - names_begin; ++i) put(i, unused);
    }
    if (write) write(out.properties), out.properties.clear();
    if (!make_text) out.properties.clear();
    if (unverified_dropped > kDetailedNotes) {
        std::size_t more = unverified_dropped - kDetailedNotes;
        out.notes.push_back("chatsecure: " + fill(trn("{} more unverified fingerprint not written, as those above",
                                                      "{} more unverified fingerprints not written, as those above", more),
                                                  {std::to_string(more)}));
    }
    return out;
}

}  // namespace

ChatSecureKeystore write_chatsecure_keystore(const KeyStore& store, bool with_peers) {
    return make_keystore(KeystoreLayout(store), with_peers, true, nullptr);
}

ChatSecureKeystore write_chatsecure_keystore(const KeyStore& store, bool with_peers, const std::function<void(std::string_view)>& write) {
    return make_keystore(KeystoreLayout(store), with_peers, true, write);
}

namespace {

// Where a large keystore's text is cut in two, to make both parts at once: the start of a run of
// names a third of the way (35%), but at most about 8 MiB of text in; all its names when it is
// too small to be worth a thread. The thread making the first part writes it, then the second
// part's pieces as they come: the second is the larger, so the two end nearly together and
// little is left to write (and sync) at the very end, and what the second's thread makes ahead
// meanwhile, held, is about as large as the first part.
std::size_t second_part_start(const KeystoreLayout& layout) {
    constexpr std::size_t kWorthAThread = 8192, kMostAhead = 8 << 20;
    const auto& names = layout.names;
    if (names.size() < kWorthAThread || sync_threads() < 2) return names.size();
    const auto at_most = static_cast<std::size_t>(static_cast<double>(names.size()) * kMostAhead / static_cast<double>(layout.size));
    std::size_t cut = std::min(names.size() * 35 / 100, at_most);
    while (cut < names.size() && !layout.starts_run[cut]) ++cut;
    return cut;
}

// Pieces of text one thread makes and another writes as they come, in order.
class PiecesHandedOn {
public:
    void put(std::string_view piece) {
        std::lock_guard<std::mutex> lock(mutex_);
        pieces_.emplace_back(piece);
        changed_.notify_one();
    }
    void end() {  // no more pieces (also when their making failed)
        std::lock_guard<std::mutex> lock(mutex_);
        ended_ = true;
        changed_.notify_one();
    }
    // WRITE(piece) for each piece, waiting for the next until end().
    void write_each(const std::function<void(std::string_view)>& write) {
        for (;;) {
            std::deque<SecureString> ready;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return ended_ || !pieces_.empty(); });
                if (pieces_.empty()) return;
                ready.swap(pieces_);
            }
            for (const SecureString& piece : ready) write(piece);
        }
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<SecureString> pieces_;
    bool ended_ = false;
};

}  // namespace

PlannedChatSecureKeystore plan_chatsecure_keystore(KeyStore store) {
    struct Kept {
        explicit Kept(KeyStore s) : store(std::move(s)), layout(store) {}
        KeyStore store;
        KeystoreLayout layout;  // laid out once, for the plan and for the text
    };
    auto kept = std::make_shared<const Kept>(std::move(store));
    PlannedChatSecureKeystore plan{make_keystore(kept->layout, true, false, nullptr), nullptr};
    // A sync makes the keystore last, often alone: 100k contacts' 15 MiB take 35 ms. Its second
    // part is made on a thread of its own meanwhile and handed, a piece at a time, to the first's
    // thread, which writes them after its own.
    plan.make = [kept](const std::function<void(std::string_view)>& write) {
        const KeystoreLayout& layout = kept->layout;
        const std::size_t cut = second_part_start(layout);
        if (cut == layout.names.size()) return (void)make_keystore(layout, false, true, write);
        PiecesHandedOn second;
        OrderedTasks parts(2, 2);  // (two threads: the first part's waits for the second's pieces)
        parts.run([&](std::size_t part) {
            if (part == 0) {
                make_keystore(layout, false, true, write, 0, cut);
                second.write_each(write);
                return;
            }
            try {
                make_keystore(layout, false, true, [&](std::string_view piece) { second.put(piece); }, cut);
            } catch (...) {
                second.end();
                throw;
            }
            second.end();
        });
    };
    return plan;
}

bool keystore_gives_back_renamed(const KeyStore& store) {
    auto renamed = [](const AccountId& id) { return is_xmpp(id) && id.protocol != jabber(); };
    Interned looked_at;  // a contact's entries come together: its name is looked at once
    return std::any_of(store.accounts.begin(), store.accounts.end(), [&](const Account& a) { return renamed(a.id); }) ||
           std::any_of(store.peers.begin(), store.peers.end(), [&](const PeerFingerprint& p) {
               if (renamed(p.account)) return true;
               if (p.peer == looked_at || !is_xmpp(p.account)) return false;
               looked_at = p.peer;
               return p.peer.find('/') != std::string::npos;
           });
}

}  // namespace keysync
