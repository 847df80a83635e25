// WeeChat's otr.py script (potr): DATA_DIR/otr/<nick>@<server>.key3 and .fpr, protocol "irc",
// accounts and contacts named "<nick>@<server name>" (formats.md 4.4, HOSTS.md §5).
#include <map>
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/potr_files.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/potr_key.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

const char kIrc[] = "prpl-irc";

class WeechatApp : public App {
public:
    std::string name() const override { return "weechat"; }
    std::string description() const override { return "WeeChat (otr.py)"; }
    std::vector<fs::path> default_dirs() const override { return {".local/share/weechat", ".weechat"}; }
    std::vector<std::string> process_names() const override { return {"weechat", "weechat-headless"}; }

    bool present(const fs::path& dir) const override {
        fs::path otr = otr_dir(dir);
        return !files_ending_with(otr, ".key3").empty() || !files_ending_with(otr, ".fpr").empty();
    }

    std::vector<fs::path> files(const fs::path& dir) const override {
        std::vector<fs::path> out = files_ending_with(otr_dir(dir), ".key3");
        for (auto& f : files_ending_with(otr_dir(dir), ".fpr")) out.push_back(f);
        return out;
    }

    KeyStore read(const fs::path& dir) const override {
        fs::path otr = otr_dir(dir);
        if (!present(dir)) throw Error(dir.string() + ": " + tr("no WeeChat otr.py files (*.key3, *.fpr) here"));
        KeyStore store;
        for (const fs::path& key : files_ending_with(otr, ".key3"))
            store.accounts.push_back(read_key3_account(key, {kIrc, key.stem().string(), std::nullopt}, name(), store));
        for (const fs::path& fpr : files_ending_with(otr, ".fpr")) read_fpr_peers(fpr, "irc", kIrc, name(), store);
        return store;
    }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        WritePlan plan;
        fs::path otr = otr_dir(dir);
        KeyStore current = present(dir) ? read(dir) : KeyStore{};
        auto usable_name = [&](const AccountId& id, const std::string& what) {
            if (id.protocol != kIrc) {
                plan.notes.push_back("weechat: " + fill(tr("{} not written: otr.py has only IRC accounts"), {what}));
                return false;
            }
            if (id.name.find('/') != std::string::npos || id.name.find('@') == std::string::npos) {
                plan.notes.push_back("weechat: " + fill(tr("{} not written: otr.py names accounts <nick>@<server>"), {what}));
                return false;
            }
            return true;
        };
        for (const Account& a : store.accounts) {
            std::string why, what = fill(tr("account {}"), {a.id.display()});
            if (!usable_name(a.id, what)) continue;
            if (!account_writable_to(a, current, why)) {
                plan.notes.push_back("weechat: " + fill(tr("{} not written: {}"), {what, why}));
                continue;
            }
            plan.files.push_back({otr / (a.id.name + ".key3"), write_potr_key(a.key), true});
            plan.content.accounts.push_back(a);
        }
        std::map<std::string, std::vector<FingerprintRow>> by_account;
        for (const PeerFingerprint& p : store.peers) {
            if (!usable_name(p.account, fill(tr("fingerprint {} of {}"), {p.fingerprint.hex(), p.peer}))) continue;

            by_account[p.account.name].push_back({p.peer, p.account.name, "irc", p.fingerprint, potr_trust_word(p.trust), 0});
            plan.content.peers.push_back(p);
        }
        for (const auto& [account, rows] : by_account)
            plan.files.push_back({otr / (account + ".fpr"), write_fingerprint_rows(rows, RowOrder::Given), true});
        return plan;
    }

private:
    // DATA_DIR/otr, or DIR itself when it directly holds otr.py's files.
    static fs::path otr_dir(const fs::path& dir) {
        if (!files_ending_with(dir, ".key3").empty() || !files_ending_with(dir, ".fpr").empty()) return dir;
        return dir / "otr";
    }
};

}  // namespace

std::unique_ptr<App> make_weechat_app() { return std::make_unique<WeechatApp>(); }

}  // namespace keysync
