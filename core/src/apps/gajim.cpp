// Gajim's OTR plugin (gotr, potr): ~/.local/share/gajim/<account>.key3 and .fpr, accounts
// named in ~/.config/gajim/config, protocol "xmpp" (formats.md 4.3).
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "apps/app_factories.hpp"
#include "apps/gajim_config.hpp"
#include "apps/potr_files.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

const char kJabber[] = "prpl-jabber";

class GajimApp : public App {
public:
    std::string name() const override { return "gajim"; }
    std::string description() const override { return "Gajim (gotr OTR plugin)"; }
    std::vector<fs::path> default_dirs() const override { return {".local/share/gajim"}; }
    std::vector<std::string> process_names() const override { return {"gajim"}; }

    bool present(const fs::path& dir) const override {
        return !files_ending_with(dir, ".key3").empty() || !files_ending_with(dir, ".fpr").empty();
    }

    std::vector<fs::path> files(const fs::path& dir) const override {
        std::vector<fs::path> out = files_ending_with(dir, ".key3");
        for (auto& f : files_ending_with(dir, ".fpr")) out.push_back(f);
        return out;
    }

    KeyStore read(const fs::path& dir) const override {
        if (!present(dir)) throw Error(dir.string() + ": " + tr("no Gajim OTR files (*.key3, *.fpr) here"));
        KeyStore store;
        auto accounts = config(dir);
        for (const fs::path& key : files_ending_with(dir, ".key3")) {
            const GajimAccount* a = find(accounts, key.stem().string());
            if (!a)
                store.notes.push_back(name() + ": " +
                                      fill(tr("{} belongs to no account in Gajim's config; named by its file"), {key.string()}));
            AccountId id{kJabber, a ? a->jid() : key.stem().string(), std::nullopt};
            store.accounts.push_back(read_key3_account(key, id, name(), store));
        }
        for (const fs::path& fpr : files_ending_with(dir, ".fpr")) read_fpr_peers(fpr, "xmpp", kJabber, name(), store);
        return store;
    }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        WritePlan plan;
        auto accounts = config(dir);
        // The first account of each JID, found by a hash for each entry (a hostile config may list 50k).
        std::unordered_map<std::string, const GajimAccount*> by_jid;
        for (const GajimAccount& a : accounts) by_jid.emplace(a.jid(), &a);
        KeyStore current = present(dir) ? read(dir) : KeyStore{};
        // Gajim's account whose JID is ID, or a note saying why there is none.
        auto gajim_account = [&](const AccountId& id, const std::string& what) -> const GajimAccount* {
            if (id.protocol != kJabber) {
                plan.notes.push_back("gajim: " + fill(tr("{} not written: Gajim has only XMPP accounts"), {what}));
                return nullptr;
            }
            if (auto a = by_jid.find(std::string(id.name.str())); a != by_jid.end()) return a->second;
            plan.notes.push_back("gajim: " + fill(tr("{} not written: Gajim's config has no account {} (add it in Gajim first)"),
                                                  {what, id.name}));
            return nullptr;
        };
        for (const Account& a : store.accounts) {
            std::string why, what = fill(tr("account {}"), {a.id.display()});
            const GajimAccount* target = gajim_account(a.id, what);
            if (!target) continue;
            if (!account_writable_to(a, current, why)) {
                plan.notes.push_back("gajim: " + fill(tr("{} not written: {}"), {what, why}));
                continue;
            }
            plan.files.push_back({dir / (target->account + ".key3"), write_potr_key(a.key), true});
            plan.content.accounts.push_back(a);
        }
        std::map<std::string, std::vector<FingerprintRow>> by_file;
        for (const PeerFingerprint& p : store.peers) {
            const GajimAccount* target = gajim_account(p.account, fill(tr("fingerprint {} of {}"), {p.fingerprint.hex(), p.peer}));

            if (!target) continue;
            by_file[target->account].push_back({p.peer, p.account.name, "xmpp", p.fingerprint, potr_trust_word(p.trust), 0});
            plan.content.peers.push_back(p);
        }
        for (const auto& [account, rows] : by_file)
            plan.files.push_back({dir / (account + ".fpr"), write_fingerprint_rows(rows, RowOrder::Given), true});
        return plan;
    }

private:
    // DIR/config (a self-contained folder, as the samples are), else the XDG config beside the
    // XDG data dir (~/.local/share/gajim -> ~/.config/gajim/config).
    static std::vector<GajimAccount> config(const fs::path& dir) {
        fs::path local = dir / "config";
        fs::path xdg = dir.parent_path().parent_path().parent_path() / ".config/gajim/config";
        for (const fs::path& candidate : {local, xdg})
            if (auto text = read_file_if_exists(candidate)) return parse_gajim_config(*text);
        return {};
    }
    static const GajimAccount* find(const std::vector<GajimAccount>& accounts, const std::string& account) {
        for (const GajimAccount& a : accounts)
            if (a.account == account) return &a;
        return nullptr;
    }
};

}  // namespace

std::unique_ptr<App> make_gajim_app() { return std::make_unique<GajimApp>(); }

}  // namespace keysync
