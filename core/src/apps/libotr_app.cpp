#include "apps/libotr_app.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/libotr_family.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "keysync/hashed_positions.hpp"
#include "keysync/prefault.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

// The model of a libotr family's records, made a row at a time (a 10 MiB file's rows are taken
// as they are read): each account named once, then reused; a repeated row says nothing new.
class StoreOfRows {
public:
    StoreOfRows(std::unique_ptr<AccountNaming> names, std::vector<LibotrPrivateKey> keys, const std::string& key_source,
                const std::string& fingerprint_source)
        : names_(std::move(names)), file_(fingerprint_source) {
        for (LibotrPrivateKey& k : keys) {
            std::string source = k.line ? key_source + ":" + std::to_string(k.line) : key_source;
            store_.accounts.push_back({names_->to_model(k.account, k.protocol), std::move(k.key), source});
            if (!store_.accounts.back().key.private_matches_public())
                store_.notes.push_back(mismatched_key_note(store_.accounts.back()));
        }
    }
    void reserve(std::size_t rows) {
        reserve_ahead(store_.peers, rows);
        seen_.reserve(rows);  // (grown by doubling, its table was filled five times over)
    }
    void add(FingerprintRow&& row) {
        PeerFingerprint& peer = coming_.emplace_back();
        peer.peer = std::move(row.username);
        peer.account = account_of(row);
        peer.fingerprint = row.fingerprint;
        peer.trust = Trust::from_libotr_word(row.trust);
        peer.source = SourceLine(file_, row.line);
        if (coming_.size() == kBatch) keep_coming();
    }
    KeyStore finish() && {
        keep_coming();
        return std::move(store_);
    }

private:
    // The rows come one at a time, but are looked up among those kept (a duplicate row is
    // dropped) a batch at a time, so that the lookups' waits on memory overlap.
    static constexpr std::size_t kBatch = 64;
    void keep_coming() {
        with_lookups_ahead(
            coming_.size(), [&](std::size_t k) { seen_.prefetch_slot(coming_[k]); }, [&](std::size_t k) { seen_.prefetch_entries(coming_[k]); },
            [&](std::size_t k) {
                if (seen_.find(coming_[k])) return;
                prefault_ahead(store_.peers);
                store_.peers.push_back(std::move(coming_[k]));
                seen_.add(store_.peers.size() - 1);
            });
        coming_.clear();
    }

    // A file of 100k rows names a handful of accounts: each is named once, then reused.
    const AccountId& account_of(const FingerprintRow& row) {
        for (const Named& n : named_)
            if (n.accountname == row.accountname && n.protocol == row.protocol) return n.id;
        if (named_.size() >= 64) named_.clear();  // many accounts: keep the search short
        named_.push_back({row.accountname, row.protocol, names_->to_model(row.accountname, row.protocol)});
        return named_.back().id;
    }
    struct Named {
        Interned accountname, protocol;
        AccountId id;
    };
    std::unique_ptr<AccountNaming> names_;
    Interned file_;
    KeyStore store_;
    PeerIndex seen_{store_.peers};
    std::vector<PeerFingerprint> coming_;  // not yet looked up
    std::vector<Named> named_;
};

// What a fingerprint file is made from when it is staged: each row as 32 bytes (names are
// interned; the account an index into the file's few native accounts).
struct CompactRows {
    struct Row {
        Interned peer, trust_word;
        Fingerprint fingerprint;
        std::uint32_t native;
    };
    std::vector<NativeAccount> natives;
    std::vector<Row> rows;
    FingerprintRowView view(std::size_t i) const {
        const Row& r = rows[i];
        const NativeAccount& n = natives[r.native];
        return {r.peer, n.name, n.protocol, r.fingerprint, r.trust_word};
    }
};

}  // namespace

AccountId ProtocolTableNaming::to_model(const std::string& name, const std::string& protocol) const {
    return AccountId{protocol_to_model(protocol), name, std::nullopt};
}

std::string ProtocolTableNaming::protocol_to_model(const std::string& native) const {
    for (const auto& [n, prpl] : layout_.protocols)
        if (n == native) return prpl;
    return native;
}

std::string ProtocolTableNaming::protocol_to_native(const std::string& prpl) const {
    for (const auto& [n, p] : layout_.protocols)
        if (p == prpl) return n;
    return prpl;
}

std::optional<NativeAccount> ProtocolTableNaming::to_native(const AccountId& id, std::string&) const {
    return NativeAccount{id.name, protocol_to_native(id.protocol)};
}

fs::path LibotrApp::otr_dir(const fs::path& dir) const {
    if (layout_.otr_subdir.empty()) return dir;
    if (fs::exists(dir / layout_.key_file) || fs::exists(dir / layout_.fingerprint_file)) return dir;
    return dir / layout_.otr_subdir;
}

bool LibotrApp::present(const fs::path& dir) const {
    fs::path otr = otr_dir(dir);
    return fs::exists(otr / layout_.key_file) || fs::exists(otr / layout_.fingerprint_file);
}

std::vector<fs::path> LibotrApp::files(const fs::path& dir) const {
    fs::path otr = otr_dir(dir);
    return {otr / layout_.key_file, otr / layout_.fingerprint_file};
}

std::unique_ptr<AccountNaming> LibotrApp::naming(const fs::path&) const {
    return std::make_unique<ProtocolTableNaming>(layout_);
}

bool LibotrApp::protocol_supported(std::string_view prpl) const {
    return layout_.only_protocols.empty() ||
           std::find(layout_.only_protocols.begin(), layout_.only_protocols.end(), prpl) != layout_.only_protocols.end();
}

KeyStore LibotrApp::read(const fs::path& dir) const { return read_files(dir, true); }

KeyStore LibotrApp::read_files(const fs::path& dir, bool with_fingerprints) const {
    fs::path otr = otr_dir(dir);
    fs::path key_path = otr / layout_.key_file, fp_path = otr / layout_.fingerprint_file;
    auto key_text = read_file_if_exists(key_path);
    bool fingerprints = fs::exists(fp_path);
    if (!key_text && !fingerprints)
        throw Error(dir.string() + ": " +
                    fill(tr("no {} or {} here (is this a {} folder?)"), {layout_.key_file, layout_.fingerprint_file, layout_.name}));
    std::vector<LibotrPrivateKey> keys;
    if (key_text) keys = parse_libotr_private_keys(*key_text, key_path.string());
    StoreOfRows store(naming(dir), std::move(keys), layout_.name + ":" + key_path.string(), layout_.name + ":" + fp_path.string());
    if (with_fingerprints && fingerprints) {  // a piece at a time: 100k rows' 10 MiB are never held
        FingerprintRowParser parser(fp_path.string());
        std::size_t rows = 0;  // (the merge need not shrink 100k entries grown by doubling)
        read_file_in_pieces(
            fp_path,
            [&](std::string_view text, bool at_end) {
                return parser.feed(text, at_end, [&](FingerprintRow&& row) { store.add(std::move(row)), ++rows; });
            },
            {[&] { return rows; }, [&](std::size_t n) { store.reserve(n); }});
    }
    return std::move(store).finish();
}

KeyStore LibotrApp::records_to_store(const fs::path& dir, std::vector<LibotrPrivateKey> keys,
                                     std::vector<FingerprintRow> rows, const std::string& key_source,
                                     const std::string& fingerprint_source) const {
    StoreOfRows store(naming(dir), std::move(keys), key_source, fingerprint_source);
    store.reserve(rows.size());
    for (FingerprintRow& row : rows) store.add(std::move(row));
    return std::move(store).finish();
}

WritePlan LibotrApp::plan_write(KeyStore store, const fs::path& dir) const {
    WritePlan plan;
    auto names = naming(dir);
    // What the target already holds is never dropped, even a key it holds damaged or for a
    // protocol the client ignores. Its fingerprints are read only when an entry is of such a
    // protocol: most plans never need them (100k of them cost 12 MiB and a parse).
    KeyStore current = present(dir) ? read_files(dir, false) : KeyStore{};
    KeyStore current_peers;
    std::optional<PeerIndex> held;
    auto holds = [&](const PeerFingerprint& p) {
        if (!held) {
            if (present(dir)) current_peers = read(dir);
            held.emplace(current_peers.peers);
        }
        return held->find(p).has_value();
    };
    auto skip = [&](const std::string& what, const std::string& why) {
        plan.notes.push_back(layout_.name + ": " + fill(tr("{} not written: {}"), {what, why}));
    };

    std::vector<LibotrPrivateKey> keys;
    for (const Account& a : store.accounts) {
        std::string why;
        const Account* held = current.find_account(a.id);
        if (!protocol_supported(a.id.protocol) && !(held && held->key.same_public(a.key))) {
            skip(fill(tr("account {}"), {a.id.display()}), fill(tr("{} has no {} accounts"), {layout_.name, a.id.protocol}));
            continue;
        }
        if (!account_writable_to(a, current, why)) {
            skip(fill(tr("account {}"), {a.id.display()}), why);
            continue;
        }
        auto native = names->to_native(a.id, why);
        if (!native) {
            skip(fill(tr("account {}"), {a.id.display()}), why);
            continue;
        }
        keys.push_back({native->name, native->protocol, a.key, 0});
        plan.content.accounts.push_back(a);
    }
    // Each written entry's native account, as an index into NATIVES (a file names a few accounts):
    // no row of strings per entry is built, 100k entries are written straight from the content.
    // (Found by a hash of the account's names: a hostile file may name 100k accounts.)
    std::vector<std::pair<AccountId, NativeAccount>> natives;
    HashedPositions natives_by_account;
    std::vector<std::uint32_t> native_of;
    reserve_resident(native_of, store.peers.size());  // (its pages at once, as the rows' below)
    std::size_t kept = 0;  // the written entries are moved to the front, and become the content
    for (PeerFingerprint& p : store.peers) {
        std::string why;
        auto what = [&] { return fill(tr("fingerprint {} of {} (account {})"), {p.fingerprint.hex(), p.peer, p.account.display()}); };
        if (!protocol_supported(p.account.protocol) && !holds(p)) {
            skip(what(), fill(tr("{} has no {} accounts"), {layout_.name, p.account.protocol}));
            continue;
        }
        std::optional<std::size_t> known;
        natives_by_account.each(account_hash(p.account), [&](std::size_t i) {
            if (!known && natives[i].first == p.account && natives[i].first.resource == p.account.resource) known = i;
        });
        if (!known) {
            auto native = names->to_native(p.account, why);
            if (!native) {
                skip(what(), why);
                continue;
            }
            known = natives.size();
            natives.push_back({p.account, *native});
            natives_by_account.insert(account_hash(p.account), *known);
        }
        native_of.push_back(static_cast<std::uint32_t>(*known));
        if (&store.peers[kept] != &p) store.peers[kept] = std::move(p);
        ++kept;
    }
    store.peers.resize(kept);
    plan.content.peers = std::move(store.peers);

    fs::path otr = otr_dir(dir);
    if (!keys.empty() || fs::exists(otr / layout_.key_file)) {
        std::vector<const LibotrPrivateKey*> order;
        for (const auto& k : keys) order.push_back(&k);
        plan.files.push_back({otr / layout_.key_file, write_libotr_private_keys(order), true});
    }
    const std::vector<PeerFingerprint>& written = plan.content.peers;
    if (!written.empty() || fs::exists(otr / layout_.fingerprint_file)) {
        // Kept as 40-byte rows and made into text only when staged, a piece at a time, compared
        // with the old file as it is made: 10 MiB of text for 100k rows is never held (a sync
        // plans two locations at once), and the content's entries can go once summarised.
        auto rows = std::make_shared<CompactRows>();
        for (const auto& n : natives) rows->natives.push_back(n.second);
        reserve_resident(rows->rows, written.size());
        for (std::size_t i = 0; i < written.size(); ++i)
            rows->rows.push_back({written[i].peer, written[i].trust.libotr_word(), written[i].fingerprint, native_of[i]});
        plan.files.push_back({otr / layout_.fingerprint_file, {}, true, [rows](const std::function<void(std::string_view)>& write) {
                                  write_fingerprint_rows(rows->rows.size(), [&](std::size_t i) { return rows->view(i); },
                                                         RowOrder::Libotr, write);
                              }});
    }
    return plan;
}

bool is_libotr_family(const App& app) { return dynamic_cast<const LibotrApp*>(&app) != nullptr; }

KeyStore libotr_records_to_store(const App& app, const fs::path& dir, std::vector<LibotrPrivateKey> keys,
                                 const std::vector<FingerprintRow>& rows, const std::string& source) {
    const auto* libotr = dynamic_cast<const LibotrApp*>(&app);
    if (!libotr) throw Error(fill(tr("{} does not keep libotr files"), {app.name()}));

    return libotr->records_to_store(dir, std::move(keys), rows, source, source);
}

}  // namespace keysync
