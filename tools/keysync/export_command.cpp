#include <iostream>
#include <memory>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/chatsecure_export.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/location_update.hpp"
#include "keysync/merge.hpp"
#include "keysync/registry.hpp"
#include "sync_run.hpp"
#include "report.hpp"

namespace keysync::cli {

int run_export_chatsecure(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--no-push", "--show-password"}, {"--output", "--qr"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync export-chatsecure LOCATION... [--output FILE] [--qr FILE.png] [--no-push]\n"
                     "                                [--show-password]\n\n"
                     "Merges the locations and writes their XMPP keys and contacts for ChatSecure on\n"
                     "Android as an encrypted otr_keystore.ofcaes (default: in the current folder), with\n"
                     "a new random password shown as a QR code to scan with ChatSecure. Only verified\n"
                     "contacts are marked verified. With an Android phone connected over USB (MTP) the\n"
                     "file is copied to its storage root; otherwise copy it there yourself.\n\n"
                     "  --output FILE     where to write the keystore (default ./otr_keystore.ofcaes)\n"
                     "  --qr FILE.png     also save the QR code as a PNG image\n"
                     "  --no-push         do not look for a phone\n"
                     "  --show-password   also print the password as text\n\n"
                     "example: keysync export-chatsecure pidgin gajim --qr /tmp/qr.png\n");
        return 0;
    }
    if (a.positional.empty()) throw UsageError(tr("export-chatsecure needs at least one LOCATION"));
    std::vector<KeyStore> stores;
    for (const std::string& spec : a.positional) stores.push_back(read_source_location(location_argument(spec, a)));
    std::vector<const KeyStore*> inputs;
    std::vector<KeyStore*> takeable;  // a single location's 100k entries are moved, not copied
    for (KeyStore& s : stores) inputs.push_back(&s), takeable.push_back(&s);
    MergeResult merged = merge(inputs, takeable);
    stores.clear();
    print_conflicts(merged.conflicts, tr("not exported: pick one with `keysync sync ... --prefer APP` first"));

    KeyStore exported = store_for_location(std::move(merged), KeyStore{});
    std::unique_ptr<MtpDevices> devices = a.has("--no-push") ? nullptr : libmtp_devices();
    ChatSecureExportOptions options{a.option("--output", "otr_keystore.ofcaes"), a.option("--qr"), devices.get(),
                                    [](const std::string& line) { std::cout << line << "\n"; }};
    ChatSecureExport result = export_chatsecure(exported, options);
    for (const std::string& line : describe_export(result)) std::cout << line << "\n";
    std::cout << result.qr_art;
    if (a.has("--show-password")) std::cout << tr("password: ") << result.password << "\n";
    return 0;
}

int run_import_chatsecure(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--dry-run", "--force"}, {"--password", "--to"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync import-chatsecure FILE --password PW --to LOCATION [--dry-run] [--force]\n\n"
                     "Decrypts a ChatSecure keystore export (otr_keystore.ofcaes) and merges its keys and\n"
                     "verified contacts into LOCATION, as `keysync convert` does.\n\n"
                     "example: keysync import-chatsecure otr_keystore.ofcaes --password 6QpT... --to pidgin\n");
        return 0;
    }
    if (a.positional.size() != 1) throw UsageError(tr("import-chatsecure needs exactly one FILE"));
    if (!a.options.count("--password")) throw UsageError(tr("import-chatsecure needs --password"));
    if (!a.options.count("--to")) throw UsageError(tr("import-chatsecure needs --to LOCATION"));
    const std::string& file = a.positional[0];
    std::string password_text = a.option("--password");
    SecureString password(password_text.begin(), password_text.end());
    OPENSSL_cleanse(password_text.data(), password_text.size());
    auto source = std::make_shared<KeyStore>(parse_chatsecure_keystore(ofcaes_decrypt(read_file(file), password, file), file));
    Location to = location_argument(a.option("--to"));
    std::vector<SideInput> inputs;
    inputs.push_back({to, [to] { return read_location(to); }, true});
    inputs.push_back({Location{find_app("chatsecure"), file}, [source] { return std::move(*source); }, false});
    run_and_print(std::move(inputs), a);
    return 0;
}

}  // namespace keysync::cli
