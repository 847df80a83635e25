// otr.js (formats.md 5): DSA.packPrivate() — base64 of the potr key bytes — one key per file.
// A location is a folder of <account>.otrjs files: the file name names the XMPP account, so
// `keysync convert pidgin otrjs:DIR` writes DIR/alice@example.org.otrjs for a web client to load
// with DSA.parsePrivate().
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/potr_files.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

class OtrjsApp : public App {
public:
    std::string name() const override { return "otrjs"; }
    std::string description() const override { return tr("otr.js keys (packPrivate() base64, one per file)"); }
    std::vector<fs::path> default_dirs() const override { return {".otrjs"}; }
    std::vector<std::string> process_names() const override { return {}; }
    bool present(const fs::path& dir) const override { return !files(dir).empty(); }
    std::vector<fs::path> files(const fs::path& dir) const override { return files_ending_with(dir, ".otrjs"); }

    KeyStore read(const fs::path& dir) const override {
        KeyStore store;
        for (const fs::path& file : files(dir)) {
            auto bytes = base64_decode(read_file(file, 1 << 16));
            if (!bytes) throw ParseError(file.string(), 1, tr("not base64 (otr.js packPrivate() output)"));
            Account a{{"prpl-jabber", file.stem().string(), std::nullopt},
                      parse_potr_key(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), file.string()),
                      "otrjs:" + file.string()};
            if (!a.key.private_matches_public()) store.notes.push_back(mismatched_key_note(a));
            store.accounts.push_back(std::move(a));
        }
        return store;
    }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        WritePlan plan;
        KeyStore current = present(dir) ? read(dir) : KeyStore{};
        for (const Account& a : store.accounts) {
            std::string why;
            if (a.id.protocol != "prpl-jabber" || a.id.name.find('/') != std::string::npos) {
                plan.notes.push_back("otrjs: " + fill(tr("account {} not written: otr.js keys here are XMPP accounts"), {a.id.display()}));
                continue;
            }
            if (!account_writable_to(a, current, why)) {
                plan.notes.push_back("otrjs: " + fill(tr("account {} not written: {}"), {a.id.display(), why}));
                continue;
            }
            SecureString raw = write_potr_key(a.key);
            plan.files.push_back({dir / (a.id.name + ".otrjs"),
                                  base64_encode(reinterpret_cast<const unsigned char*>(raw.data()), raw.size()), true});
            plan.content.accounts.push_back(a);
        }
        for (const PeerFingerprint& p : store.peers)
            plan.notes.push_back("otrjs: " + fill(tr("fingerprint {} of {} not written: otr.js files hold keys only"),
                                                  {p.fingerprint.hex(), p.peer}));

        return plan;
    }
};

}  // namespace

std::unique_ptr<App> make_otrjs_app() { return std::make_unique<OtrjsApp>(); }

}  // namespace keysync
