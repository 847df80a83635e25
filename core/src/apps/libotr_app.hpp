#pragma once
// The libotr file family (formats.md 2): a private key S-expression plus a fingerprint file,
// with per-app file names, folders, protocol ids and account naming.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apps/account_naming.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "keysync/app.hpp"

namespace keysync {

struct LibotrLayout {
    std::string name;
    std::string description;
    std::vector<std::filesystem::path> default_dirs;  // relative to $HOME
    std::string otr_subdir;                           // "otr" when the files sit in HOME/otr/
    std::string key_file;
    std::string fingerprint_file;
    std::vector<std::string> processes;
    std::vector<std::pair<std::string, std::string>> protocols;  // {native id, prpl id}; first wins when writing
    std::vector<std::string> only_protocols;                     // prpl ids the client uses; empty = any
};

// Maps protocol ids through the layout's table and leaves account names as they are.
class ProtocolTableNaming : public AccountNaming {
public:
    explicit ProtocolTableNaming(const LibotrLayout& layout) : layout_(layout) {}
    AccountId to_model(const std::string& name, const std::string& protocol) const override;
    std::optional<NativeAccount> to_native(const AccountId& id, std::string& why_not) const override;
    std::string protocol_to_model(const std::string& native) const override;
    std::string protocol_to_native(const std::string& prpl) const;

private:
    const LibotrLayout& layout_;
};

class LibotrApp : public App {
public:
    explicit LibotrApp(LibotrLayout layout) : layout_(std::move(layout)) {}

    std::string name() const override { return layout_.name; }
    std::string description() const override { return layout_.description; }
    std::vector<std::filesystem::path> default_dirs() const override { return layout_.default_dirs; }
    std::vector<std::string> process_names() const override { return layout_.processes; }
    bool present(const std::filesystem::path& dir) const override;
    KeyStore read(const std::filesystem::path& dir) const override;
    std::vector<std::filesystem::path> files(const std::filesystem::path& dir) const override;
    WritePlan plan_write(KeyStore store, const std::filesystem::path& dir) const override;

    // The model of records named the way this app names them (from its files or live state).
    KeyStore records_to_store(const std::filesystem::path& dir, std::vector<LibotrPrivateKey> keys,
                              std::vector<FingerprintRow> rows, const std::string& key_source,
                              const std::string& fingerprint_source) const;

protected:
    // The naming for one home folder (Pidgin reads accounts.xml, Adium Accounts.plist).
    virtual std::unique_ptr<AccountNaming> naming(const std::filesystem::path& dir) const;
    // Where the OTR files are: DIR itself when it holds them, else DIR/otr_subdir.
    std::filesystem::path otr_dir(const std::filesystem::path& dir) const;
    const LibotrLayout& layout() const { return layout_; }

private:
    bool protocol_supported(std::string_view prpl) const;  // (a view: asked for each of 100k entries)
    // Its accounts and, WITH_FINGERPRINTS, its fingerprints.
    KeyStore read_files(const std::filesystem::path& dir, bool with_fingerprints) const;
    LibotrLayout layout_;
};

}  // namespace keysync
