#pragma once
// "Export to ChatSecure" (DESIGN.md §6): the merged keys as an encrypted otr_keystore.ofcaes,
// its password as a QR code (PNG and terminal art), pushed to a phone over MTP when one is
// connected. The CLI and all three plugins call this; none repeats it.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "keysync/key_store.hpp"
#include "keysync/mtp.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {

struct ChatSecureExportOptions {
    std::filesystem::path output;     // where otr_keystore.ofcaes goes
    std::filesystem::path qr_png_file;  // also save the QR code there (0600: it is the password); empty: don't
    MtpDevices* devices = nullptr;    // nullptr: do not try to push
    std::function<void(const std::string&)> progress;
};

struct ChatSecureExport {
    std::filesystem::path file;
    std::filesystem::path qr_png_file;  // empty when not saved
    SecureString password;            // show only as the QR code, or on explicit request
    Bytes qr_png;
    std::string qr_art;               // UTF-8 half blocks
    std::vector<Account> accounts;    // the keys the keystore holds
    std::size_t fingerprints = 0;     // and how many contacts' fingerprints
    std::vector<std::string> notes;   // what ChatSecure cannot hold, by name
    PushResult push;                  // pushed, or where to copy the file
    std::vector<CommittedFile> written;
};

// base64 of 32 bytes from OpenSSL's CSPRNG: 44 characters.
SecureString random_password();

ChatSecureExport export_chatsecure(const KeyStore& store, const ChatSecureExportOptions& options);

// What to tell the user (notes, the file, the phone, the QR file), without the password.
std::vector<std::string> describe_export(const ChatSecureExport& result);

// The client plugins' export: their live store to DIR/otr_keystore.ofcaes and the QR code to
// DIR/otr_keystore-password.png, pushed to a phone when one is connected.
ChatSecureExport export_chatsecure_from_client(const KeyStore& store, const std::filesystem::path& dir,
                                               const std::function<void(const std::string&)>& progress);

}  // namespace keysync
