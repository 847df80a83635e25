#pragma once
// One chat app's OTR storage (DESIGN.md §3). An app turns a folder into a KeyStore and a
// KeyStore into the files that folder should hold; it never writes to disk itself — the caller
// commits its WritePlan through safe_file (so dry runs and fault injection see the same bytes).
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "keysync/key_store.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

// Writes a file's bytes a piece at a time through the function it is given.
using FileProducer = std::function<void(const std::function<void(std::string_view)>& write)>;

struct FileWrite {
    std::filesystem::path path;
    SecureString contents;
    bool secret = false;  // private-key files: created 0600
    // Set instead of CONTENTS for a file made later, from what the plan kept compactly, and
    // never held whole: StagedFiles makes it piece by piece into its temp file, comparing it
    // with the old file as it goes; plan_update makes it once more only to compare it in a dry run.
    FileProducer produce = nullptr;
};

struct WritePlan {
    std::vector<FileWrite> files;
    KeyStore content;                // what the files will hold, in model terms (for summaries)
    std::vector<std::string> notes;  // what the target cannot represent, by name
};

// What reading a location may need besides its folder.
struct ReadOptions {
    const SecureString* password = nullptr;  // an encrypted ChatSecure keystore's
};

class App {
public:
    virtual ~App() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    // Default homes relative to $HOME, most likely first.
    virtual std::vector<std::filesystem::path> default_dirs() const = 0;
    // Process names (/proc/PID/comm) of the client that owns these files.
    virtual std::vector<std::string> process_names() const = 0;
    virtual bool writable() const { return true; }
    // Jitsi's own mangled contact names mean something only to Jitsi.
    virtual bool keeps_mangled_names() const { return false; }
    // Jitsi and ChatSecure keep contacts for any local account (AccountId::any); other apps get
    // such a contact once for each of their accounts of its protocol.
    virtual bool keeps_contacts_of_any_account() const { return false; }
    // The highest trust its files can tell: Jitsi and ChatSecure keep "verified" or not, not
    // whether by SMP (so an SMP-verified fingerprint they hold as verified is all they can hold).
    virtual TrustLevel highest_trust() const { return TrustLevel::Smp; }
    // ChatSecure keeps one unverified fingerprint of a contact: another is one it would not take.
    virtual bool keeps_one_unverified_per_contact() const { return false; }
    // Whether some of STORE's accounts or contacts, written here and read again, come back under
    // another name or protocol (ChatSecure: Bonjour ones as XMPP ones).
    virtual bool gives_back_renamed(const KeyStore&) const { return false; }

    // True when DIR holds this app's OTR files.
    virtual bool present(const std::filesystem::path& dir) const = 0;
    virtual KeyStore read(const std::filesystem::path& dir) const = 0;
    virtual KeyStore read(const std::filesystem::path& dir, const ReadOptions&) const { return read(dir); }
    // The files of DIR this app reads or writes (existing or not); for backups, restore, doctor.
    virtual std::vector<std::filesystem::path> files(const std::filesystem::path& dir) const = 0;
    // STORE is the complete desired content; the plan rewrites this app's OTR files in DIR.
    // STORE is taken (a sync moves 100k entries in) so the plan's content can reuse it.
    virtual WritePlan plan_write(KeyStore store, const std::filesystem::path& dir) const = 0;
};

}  // namespace keysync
