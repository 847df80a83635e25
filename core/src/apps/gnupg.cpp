// GnuPG 1.x (read only; formats.md 6): unprotected DSA secret (sub)keys with a 160-bit q can
// be OTR keys. Each becomes an XMPP account named by the e-mail of its user ID (as KeySync did);
// every other key is reported by its key ID with the reason it cannot be used.
#include <memory>

#include "apps/app_factories.hpp"
#include "apps/gnupg_packets.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

std::string email_of(const std::vector<std::string>& user_ids) {
    for (auto it = user_ids.rbegin(); it != user_ids.rend(); ++it) {
        std::size_t open = it->find('<'), close = it->find('>');
        if (open != std::string::npos && close != std::string::npos && close > open) return it->substr(open + 1, close - open - 1);
    }
    return user_ids.empty() ? "" : user_ids.back();
}

class GnupgApp : public App {
public:
    std::string name() const override { return "gnupg"; }
    std::string description() const override { return tr("GnuPG 1.x secret keyring"); }
    std::vector<fs::path> default_dirs() const override { return {".gnupg"}; }
    std::vector<std::string> process_names() const override { return {}; }
    bool writable() const override { return false; }
    bool present(const fs::path& dir) const override { return fs::exists(dir / "secring.gpg"); }
    std::vector<fs::path> files(const fs::path& dir) const override { return {dir / "secring.gpg"}; }

    KeyStore read(const fs::path& dir) const override {
        fs::path path = dir / "secring.gpg";
        KeyStore store;
        for (GpgSecretKey& k : parse_gnupg_secring(read_file(path), path.string())) {
            std::string why;
            if (k.algorithm != 17) why = fill(tr("not a DSA key (algorithm {})"), {std::to_string(k.algorithm)});
            else if (k.is_protected) why = tr("protected by a passphrase (export it unprotected to use it)");
            else if (std::string problem = k.key.problem(); !problem.empty()) why = problem;
            else if (!k.key.private_matches_public()) why = tr("its private part does not match its public part");
            if (!why.empty()) {
                store.notes.push_back("gnupg: " + fill(tr("key {} cannot be an OTR key: {}"),
                                                       {k.key_id.empty() ? std::string("?") : k.key_id, why}));

                continue;
            }
            std::string email = email_of(k.user_ids);
            store.accounts.push_back({{"prpl-jabber", email.empty() ? k.key_id : email, std::nullopt}, std::move(k.key),
                                      "gnupg:" + path.string() + " key " + k.key_id});
        }
        return store;
    }

    WritePlan plan_write(KeyStore, const fs::path&) const override {
        throw Error(tr("gnupg keyrings can only be read, not written"));
    }
};

}  // namespace

std::unique_ptr<App> make_gnupg_app() { return std::make_unique<GnupgApp>(); }

}  // namespace keysync
