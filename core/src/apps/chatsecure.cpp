// ChatSecure (Android): the otr4j keystore properties in a folder — plaintext `otr_keystore`,
// or `otr_keystore.ofcaes` encrypted with a password (formats.md 3). KeySync writes the
// plaintext file here; `keysync export-chatsecure` makes the encrypted one for the phone.
#include <memory>

#include "apps/app_factories.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

const char kPlain[] = "otr_keystore";
const char kEncrypted[] = "otr_keystore.ofcaes";

class ChatSecureApp : public App {
public:
    std::string name() const override { return "chatsecure"; }
    std::string description() const override { return tr("ChatSecure for Android (otr4j keystore)"); }
    std::vector<fs::path> default_dirs() const override { return {"ChatSecure"}; }
    std::vector<std::string> process_names() const override { return {}; }  // it runs on the phone
    bool keeps_contacts_of_any_account() const override { return true; }
    TrustLevel highest_trust() const override { return TrustLevel::Verified; }
    bool keeps_one_unverified_per_contact() const override { return true; }
    bool gives_back_renamed(const KeyStore& store) const override { return keystore_gives_back_renamed(store); }
    bool present(const fs::path& dir) const override { return fs::exists(dir / kPlain) || fs::exists(dir / kEncrypted); }
    std::vector<fs::path> files(const fs::path& dir) const override { return {dir / kPlain, dir / kEncrypted}; }

    KeyStore read(const fs::path& dir) const override { return read(dir, ReadOptions{}); }

    KeyStore read(const fs::path& dir, const ReadOptions& options) const override {
        fs::path plain = dir / kPlain, encrypted = dir / kEncrypted;
        if (options.password && fs::exists(encrypted)) {
            SecureString text = ofcaes_decrypt(read_file(encrypted), *options.password, encrypted.string());
            return parse_chatsecure_keystore(text, encrypted.string());
        }
        if (fs::exists(plain)) {  // a piece at a time: its 15 MiB for 100k fingerprints are never held
            ChatSecureKeystoreReader reader(plain.string());
            if (!read_file_in_pieces(
                    plain, [&](std::string_view text, bool at_end) { return reader.feed(text, at_end); },
                    {[&] { return reader.records(); }, [&](std::size_t n) { reader.reserve(n); }}))
                throw Error(plain.string() + ": " + tr("file not found"));
            return std::move(reader).finish();
        }
        if (fs::exists(encrypted)) throw Error(encrypted.string() + ": " + tr("the keystore is encrypted; give its password with --password"));
        throw Error(dir.string() + ": " + fill(tr("no {} or {} here"), {kPlain, kEncrypted}));

    }

    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        // The file is made when it is staged, a piece at a time, and compared with the old one
        // as it is made: its 15 MiB for 100k fingerprints are never held (a sync plans two
        // locations at once).
        PlannedChatSecureKeystore keystore = plan_chatsecure_keystore(std::move(store));
        WritePlan plan;
        plan.files.push_back({dir / kPlain, {}, true, std::move(keystore.make)});
        plan.content = std::move(keystore.planned.content);
        plan.notes = std::move(keystore.planned.notes);
        return plan;
    }
};

}  // namespace

std::unique_ptr<App> make_chatsecure_app() { return std::make_unique<ChatSecureApp>(); }

}  // namespace keysync
