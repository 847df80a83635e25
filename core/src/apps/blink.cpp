// Blink (macOS SIP client, 2013-2016; formats.md 4.5): one potr key for all accounts in
// private_key.dsa and 3-column trusted_peers (SIP address, fingerprint in human or hex form,
// trust). The one key is modelled as the SIP account "blink" (prpl-simple); map it to your SIP
// address with `--map blink:blink=you@sip.example` when syncing.
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/potr_files.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

const AccountId kBlinkAccount{"prpl-simple", "blink", std::nullopt};

class BlinkApp : public App {
public:
    std::string name() const override { return "blink"; }
    std::string description() const override { return tr("Blink (macOS SIP client)"); }
    std::vector<fs::path> default_dirs() const override {
        return {"Library/Application Support/Blink/chat_otr", "Library/Application Support/Blink/chat",
                "Library/Application Support/Blink Pro/chat_otr", "Library/Application Support/Blink Lite/chat_otr"};
    }
    std::vector<std::string> process_names() const override { return {"Blink"}; }
    bool present(const fs::path& dir) const override {
        return fs::exists(dir / "private_key.dsa") || fs::exists(dir / "trusted_peers");
    }
    std::vector<fs::path> files(const fs::path& dir) const override { return {dir / "private_key.dsa", dir / "trusted_peers"}; }

    KeyStore read(const fs::path& dir) const override {
        KeyStore store;
        if (fs::exists(dir / "private_key.dsa")) store.accounts.push_back(read_key3_account(dir / "private_key.dsa", kBlinkAccount, name(), store));
        auto text = read_file_if_exists(dir / "trusted_peers");
        if (!text) return store;
        std::string source = (dir / "trusted_peers").string();
        const Interned file("blink:" + source);  // each entry's source: this and its line
        PeerIndex seen(store.peers);  // a line given again is read once (found by a hash: a file may have 100k lines)
        std::size_t pos = 0, line = 0;
        while (pos < text->size()) {
            std::size_t end = text->find('\n', pos);
            std::string l(text->substr(pos, end == std::string::npos ? std::string::npos : end - pos));
            pos = end == std::string::npos ? text->size() : end + 1;
            ++line;
            if (!l.empty() && l.back() == '\r') l.pop_back();
            if (l.empty()) continue;
            std::size_t t1 = l.find('\t'), t2 = t1 == std::string::npos ? t1 : l.find('\t', t1 + 1);
            if (t2 == std::string::npos || l.find('\t', t2 + 1) != std::string::npos)
                throw ParseError(source, line, tr("expected 3 TAB-separated fields (SIP address, fingerprint, trust)"));
            auto fp = Fingerprint::parse(l.substr(t1 + 1, t2 - t1 - 1));
            if (!fp) throw ParseError(source, line, tr("field 2 is not a fingerprint (40 hex digits, spaces allowed)"));
            PeerFingerprint entry{l.substr(0, t1), kBlinkAccount, *fp, Trust::from_libotr_word(l.substr(t2 + 1)), SourceLine(file, line)};
            if (seen.find(entry)) continue;
            store.peers.push_back(std::move(entry));
            seen.add(store.peers.size() - 1);
        }
        return store;
    }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        WritePlan plan;
        KeyStore current = present(dir) ? read(dir) : KeyStore{};
        // The one key: account "blink" (any protocol, when mapped from another app), Blink's own first.
        bool written = false;
        std::vector<const Account*> order;
        for (const Account& a : store.accounts)
            if (a.id == kBlinkAccount) order.insert(order.begin(), &a);
            else order.push_back(&a);
        for (const Account* account : order) {
            const Account& a = *account;
            std::string why;
            if (a.id.name != kBlinkAccount.name || written) {
                plan.notes.push_back("blink: " + fill(tr("account {} not written: Blink keeps one key, as account blink (prpl-simple); "
                                                         "map yours with --map APP:NAME=blink"),
                                                      {a.id.display()}));
                continue;
            }
            if (!account_writable_to(a, current, why)) {
                plan.notes.push_back("blink: " + fill(tr("account {} not written: {}"), {a.id.display(), why}));
                continue;
            }
            plan.files.push_back({dir / "private_key.dsa", write_potr_key(a.key), true});
            plan.content.accounts.push_back(a);
            written = true;
        }
        SecureString peers;
        for (const PeerFingerprint& p : store.peers) {
            if (p.account.name != kBlinkAccount.name) {
                plan.notes.push_back("blink: " + fill(tr("fingerprint {} of {} not written: not a peer of Blink's account"),
                                                      {p.fingerprint.hex(), p.peer}));

                continue;
            }
            peers += p.peer + "\t" + p.fingerprint.human() + "\t" + potr_trust_word(p.trust) + "\n";  // Blink's own form
            plan.content.peers.push_back(p);
        }
        if (!peers.empty() || fs::exists(dir / "trusted_peers")) plan.files.push_back({dir / "trusted_peers", peers, true});
        return plan;
    }
};

}  // namespace

std::unique_ptr<App> make_blink_app() { return std::make_unique<BlinkApp>(); }

}  // namespace keysync
