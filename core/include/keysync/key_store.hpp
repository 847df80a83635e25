#pragma once
// The app-neutral model every reader produces and every writer consumes (DESIGN.md §2).
#include <atomic>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "keysync/dsa_key.hpp"
#include "keysync/hashed_positions.hpp"
#include "keysync/interned.hpp"
#include "keysync/trust.hpp"

namespace keysync {

// A local identity's name: protocol as a libpurple "prpl-*" id, the account id (bare JID for
// XMPP) and, for XMPP, the resource if the app keeps one ("" is a real, empty resource).
// Interned: a store names the same few accounts in every one of its entries.
struct AccountId {
    Interned protocol;
    Interned name;
    OptionalInterned resource;

    auto operator<=>(const AccountId& o) const {
        if (auto c = protocol <=> o.protocol; c != 0) return c;
        return name <=> o.name;
    }
    bool operator==(const AccountId& o) const { return protocol == o.protocol && name == o.name; }
    std::string display() const;  // "name (protocol)"; "any account (protocol)"
    std::string name_with_resource() const;  // "name/resource" when it has one (also ""), else "name"

    // Jitsi and ChatSecure keep contacts per contact, not per local account: their peers belong
    // to every local account of PROTOCOL. Writers that need a concrete account get one from
    // plan_update; the merge folds such a peer into the contact's concrete entries.
    static AccountId any(Interned protocol) { return {protocol, "", std::nullopt}; }
    bool is_any() const { return name.empty(); }
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

// Where an entry was read ("pidgin:/home/u/.purple/otr.fingerprints:12"). The file part is
// interned, so 100k peers and their copies hold one path, not 100k.
class SourceLine {
public:
    SourceLine() = default;
    SourceLine(Interned file, std::size_t line = 0) : file_(file), line_(static_cast<unsigned>(line)) {}
    SourceLine(const std::string& text) : file_(text) {}
    SourceLine(const char* text) : file_(text) {}
    std::string text() const;  // the file, then ":LINE" when there is one

private:
    Interned file_;
    unsigned line_ = 0;
};

// A peer's whole public key (otr4j stores keep it, most apps do not), shared by every copy of
// the entry instead of copied with it; counted in the key's own block, so an entry holds one
// pointer (a shared_ptr takes two).
class SharedPublicKey {
public:
    SharedPublicKey() = default;
    SharedPublicKey(std::nullopt_t) {}
    SharedPublicKey(std::optional<DsaKey> key) : shared_(key ? new Shared{{1}, std::move(*key)} : nullptr) {}
    SharedPublicKey(const SharedPublicKey& other) : shared_(other.shared_) {
        if (shared_) shared_->holders.fetch_add(1, std::memory_order_relaxed);
    }
    SharedPublicKey(SharedPublicKey&& other) noexcept : shared_(other.shared_) { other.shared_ = nullptr; }
    SharedPublicKey& operator=(SharedPublicKey other) noexcept {  // a copy or a move, then swapped in
        std::swap(shared_, other.shared_);
        return *this;
    }
    ~SharedPublicKey() {
        if (shared_ && shared_->holders.fetch_sub(1, std::memory_order_acq_rel) == 1) delete shared_;
    }
    explicit operator bool() const { return shared_ != nullptr; }
    const DsaKey& operator*() const { return shared_->key; }
    const DsaKey* operator->() const { return &shared_->key; }

private:
    struct Shared {
        std::atomic<long> holders;  // entries of any thread's stores (a plugin syncs on a worker)
        const DsaKey key;
    };
    Shared* shared_ = nullptr;
};

// One known fingerprint of a remote peer, as seen from one local account.
// 64 bytes: stores of 100k of them are copied while a sync plans each location. (The one
// 8-byte member comes last, so the 4-byte ones before it leave no padding.)
struct PeerFingerprint {
    Interned peer;       // the contact as the protocol names it (bare JID, IRC nick, ...)
    AccountId account;   // the local account that knows this peer
    Fingerprint fingerprint;
    Trust trust;
    SourceLine source;
    // Jitsi keeps contacts under a mangled name (formats.md 3.4); when its contact list does not
    // say who that is, PEER is the mangled name and matches the real one of any other app.
    bool name_is_mangled = false;
    SharedPublicKey public_key = {};  // otr4j stores keep the whole public key
};

// Jitsi's mangling: every char not a letter or digit becomes '_', a leading digit gets a 'p'.
std::string jitsi_mangle(const std::string& id);
void jitsi_mangle_into(std::string& out, std::string_view id);  // OUT replaced (100k names need no string each)
// Whether jitsi_mangle(ID) is MANGLED, an ASCII name compared in place.
bool jitsi_mangles_to(std::string_view id, std::string_view mangled);

// The account of ACCOUNTS with that id; nullptr when none.
const Account* find_account(const std::vector<Account>& accounts, const AccountId& id);

struct KeyStore {
    std::vector<Account> accounts;
    std::vector<PeerFingerprint> peers;
    std::vector<std::string> notes;  // what was skipped or could not be represented, by name

    const Account* find_account(const AccountId& id) const;
    PeerFingerprint* find_peer(std::string_view peer, const AccountId& account, const Fingerprint& fp);
    const PeerFingerprint* find_peer(std::string_view peer, const AccountId& account,
                                     const Fingerprint& fp) const;
    // The entry for the same peer, account and fingerprint, also when one of the two names is
    // only known mangled.
    PeerFingerprint* find_same_peer(const PeerFingerprint& p);
    const PeerFingerprint* find_same_peer(const PeerFingerprint& p) const;
};

// What PeerIndex hashes an entry by: its fingerprint and protocol (not its name, so Jitsi's
// mangled names are found by the same hash).
std::size_t peer_hash(const Fingerprint& fingerprint, const Interned& protocol);
// What an index of accounts hashes one by: its protocol and name (not its resource).
inline std::size_t account_hash(const AccountId& id) { return id.protocol.number_hash() ^ (id.name.number_hash() >> 7); }
// The same contact: one name, or a real name and the mangled form of it Jitsi knows (compared
// in place: 100k lookups of real names among Jitsi's mangled ones make no string each).
bool same_peer_name(const Interned& entry, bool entry_mangled, const Interned& p, bool p_mangled);

// Throws the Error for an index of more than LIMIT entries with P's fingerprint and protocol.
[[noreturn]] void refuse_sharing_fingerprint(const PeerFingerprint& p, std::size_t limit);

// Finds entries of a peer list by (peer, account, fingerprint) in constant time, as
// KeyStore::find_same_peer does by scanning; for stores with many fingerprints (merges run on
// 100k of them). It keeps positions only, hashed by peer_hash: PEERS must outlive it, and an
// entry's fingerprint and protocol may change only between remove() and add() (its name and
// the rest at any time: they are not hashed). ENTRY is PeerFingerprint or a lighter
// entry with the same names (peer, account.protocol, account == AccountId, account.is_any(),
// fingerprint, name_is_mangled); lookups are by a PeerFingerprint.
template <typename Entry>
class BasicPeerIndex {
public:
    explicit BasicPeerIndex(const std::vector<Entry>& peers) : peers_(peers) {  // indexes every entry already there
        positions_.reserve(peers.size());
        for (std::size_t i = 0; i < peers.size(); ++i) add(i);
    }
    void reserve(std::size_t entries) { positions_.reserve(entries); }  // room for that many in all
    void add(std::size_t position) { positions_.insert(hash(peers_[position]), position); }      // after peers[position] was appended or changed
    void remove(std::size_t position) { positions_.erase(hash(peers_[position]), position); }    // before peers[position] changes its hash
    // More entries than this with one fingerprint and protocol make a store no OTR client
    // writes (a key is one device of one person). Each lookup compares all of them: find() and
    // each_contact() refuse more (an Error naming P's file and line), or a hostile file of
    // 100k contacts with one fingerprint would take minutes.
    static constexpr std::size_t kMaxSharingFingerprint = 1024;

    // The entry for the same peer, account and fingerprint, also when one name is only known mangled.
    std::optional<std::size_t> find(const PeerFingerprint& p) const {
        std::optional<std::size_t> exact, renamed;  // by its own name; else by a real or mangled name of it
        std::size_t compared = 0;
        positions_.each(hash(p), [&](std::size_t i) {
            if (++compared > kMaxSharingFingerprint) refuse_sharing_fingerprint(p, kMaxSharingFingerprint);
            const Entry& q = peers_[i];
            // The account first: a contact of any account is looked up among 100k tied to one,
            // and a name is compared with a mangled one only for an entry that can be the one.
            if (q.fingerprint != p.fingerprint || !(q.account == p.account)) return;
            if (q.peer == p.peer) {
                if (!exact) exact = i;
            } else if (!renamed && same_peer_name(q.peer, q.name_is_mangled, p.peer, p.name_is_mangled)) {
                renamed = i;
            }
        });
        return exact ? exact : renamed;
    }
    // Asks the CPU to fetch what find(P) reads, in two steps a few lookups apart (the loop that
    // asks ahead is with_lookups_ahead's): the table's slot, then the entries the slots name.
    void prefetch_slot(const PeerFingerprint& p) const { positions_.prefetch(hash(p)); }
    void prefetch_entries(const PeerFingerprint& p) const {
        std::size_t asked = 0;
        positions_.each(hash(p), [&](std::size_t i) {
            if (i < peers_.size() && asked++ < 8) __builtin_prefetch(&peers_[i]);
        });
    }
    // Every entry of the same peer, protocol and fingerprint, whatever its account (wildcards too).
    std::vector<std::size_t> find_contact(const PeerFingerprint& p) const {
        std::vector<std::size_t> out;
        each_contact(p, [&](std::size_t i) { out.push_back(i); });
        return out;
    }
    // The same, as F(position) for each, allocating nothing.
    template <typename F>
    void each_contact(const PeerFingerprint& p, F f) const;

private:
    template <typename E>
    static std::size_t hash(const E& p) { return peer_hash(p.fingerprint, p.account.protocol); }

    const std::vector<Entry>& peers_;
    HashedPositions positions_;
};

template <typename Entry>
template <typename F>
void BasicPeerIndex<Entry>::each_contact(const PeerFingerprint& p, F f) const {
    std::size_t compared = 0;
    positions_.each(hash(p), [&](std::size_t i) {
        if (++compared > kMaxSharingFingerprint) refuse_sharing_fingerprint(p, kMaxSharingFingerprint);
        const Entry& q = peers_[i];
        if (q.fingerprint == p.fingerprint && q.account.protocol == p.account.protocol &&
            same_peer_name(q.peer, q.name_is_mangled, p.peer, p.name_is_mangled))
            f(i);
    });
}

using PeerIndex = BasicPeerIndex<PeerFingerprint>;

// BODY(k) for each k below COUNT in turn, a lookup in an index each, with what the lookup of
// k + 16 reads asked for by SLOT(k + 16) and of k + 8 by ENTRIES(k + 8): 100k lookups into
// 100k entries each wait on memory twice (its slot, then its entry), and so overlap those waits.
template <typename Slot, typename Entries, typename Body>
void with_lookups_ahead(std::size_t count, Slot slot, Entries entries, Body body) {
    constexpr std::size_t kSlotAhead = 16, kEntriesAhead = 8;
    for (std::size_t k = 0; k < count; ++k) {
        if (k + kSlotAhead < count) slot(k + kSlotAhead);
        if (k + kEntriesAhead < count) entries(k + kEntriesAhead);
        body(k);
    }
}

// As account_writable, but a key the target location already holds is always kept there.
bool account_writable_to(const Account& account, const KeyStore& target_now, std::string& why);

}  // namespace keysync
