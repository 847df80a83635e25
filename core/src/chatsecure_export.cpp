#include "keysync/chatsecure_export.hpp"

#include <algorithm>

#include <openssl/rand.h>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/chatsecure_keystore.hpp"
#include "keysync/formats/ofcaes.hpp"
#include "keysync/location_update.hpp"
#include "keysync/qr_code.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

SecureString random_password() {
    SecureBytes bytes(32);
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw Error(tr("no random bytes (OpenSSL RAND_bytes)"));
    return base64_encode(bytes.data(), bytes.size());
}

ChatSecureExport export_chatsecure(const KeyStore& store, const ChatSecureExportOptions& options) {
    ChatSecureExport out;
    out.password = random_password();
    out.file = options.output;
    out.qr_png_file = options.qr_png_file;
    QrCode qr = make_qr_code(out.password);
    out.qr_png = qr_code_png(qr);
    out.qr_art = qr_code_terminal_art(qr);
    // The keystore is encrypted into its temp file as it is made: 100k contacts' 15 MiB of it
    // are never held, in plain text or encrypted.
    auto encrypted_keystore = [&](const std::function<void(std::string_view)>& write) {
        OfcaesEncryption encryption(out.password);
        write(encryption.header());
        SecureString piece;
        ChatSecureKeystore keystore = write_chatsecure_keystore(store, false, [&](std::string_view text) {
            piece.clear();
            encryption.update(text, piece);
            write(piece);
        });
        if (keystore.content.accounts.empty() && !keystore.fingerprints)  // the temp file is removed
            throw Error(tr("nothing to export: ChatSecure holds XMPP accounts and contacts, and none were found"));
        piece.clear();
        encryption.finish(piece);
        write(piece);
        out.accounts = std::move(keystore.content.accounts);
        out.fingerprints = keystore.fingerprints;
        out.notes = std::move(keystore.notes);
    };
    std::vector<FileWrite> files;
    files.push_back({out.file, {}, true, encrypted_keystore});
    if (!options.qr_png_file.empty())
        files.push_back({options.qr_png_file, SecureString(out.qr_png.begin(), out.qr_png.end()), true});
    out.written = commit_files(files);
    std::fill(qr.dark.begin(), qr.dark.end(), false);  // the symbol spells the password
    if (options.devices) out.push = push_to_phone(*options.devices, out.file, options.progress);
    else out.push = {false, fill(tr("not copied to a phone; copy {} to the phone's storage root"), {out.file.string()})};
    return out;
}

std::vector<std::string> describe_export(const ChatSecureExport& result) {
    std::vector<std::string> lines;
    append_listed_notes(lines, result.notes);
    std::string wrote = fill(tr("wrote {} ({} key(s), {} fingerprint(s))"), {result.file.string(), std::to_string(result.accounts.size()),
                                                                             std::to_string(result.fingerprints)});
    if (!result.written.empty() && result.written[0].backup)
        wrote += fill(tr(" (previous file kept as {})"), {result.written[0].backup->filename().string()});
    lines.push_back(wrote);
    lines.push_back(result.push.message);
    if (!result.qr_png_file.empty()) lines.push_back(fill(tr("saved the QR code as {}"), {result.qr_png_file.string()}));
    lines.push_back(tr("In ChatSecure, import the file and scan the QR code for its password."));
    return lines;
}

ChatSecureExport export_chatsecure_from_client(const KeyStore& store, const std::filesystem::path& dir,
                                               const std::function<void(const std::string&)>& progress) {
    std::unique_ptr<MtpDevices> devices = libmtp_devices();
    return export_chatsecure(store, {dir / "otr_keystore.ofcaes", dir / "otr_keystore-password.png", devices.get(), progress});
}

}  // namespace keysync
