#pragma once
// Shared helpers for the test binaries: fixture paths, temp folders, running the CLI.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "keysync/app.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/key_store.hpp"

namespace keysync::test {

// $KEYSYNC_FIXTURES/RELATIVE (the keysync-samples folder).
std::filesystem::path fixture(const std::string& relative);
std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);
// The text a plan's file will hold: its contents, or what its producer makes.
std::string planned_text(const FileWrite& file);

// A fresh folder removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int status = -1;
    std::string out;
    std::string err;
};
// Runs ARGS (argv[0] first) with stdin from /dev/null; captures stdout and stderr.
CommandResult run_command(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// Runs the keysync binary under test.
CommandResult run_keysync(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// $NAME, or a test failure (std::runtime_error) naming it.
std::string env(const char* name);
// ENV for a chat client that loads our plugin: in the sanitizer build the client is not built
// with ASan, so the runtime is preloaded (KEYSYNC_HOST_PRELOAD) and the client's own leaks at
// exit are not ours to report.
std::vector<std::string> client_env(std::vector<std::string> env);
bool contains(const std::string& haystack, const std::string& needle);
// Runs the real libotr oracle (tests/interop/libotr_oracle.c) with ARGS and INPUT on stdin;
// a failed run fails the test.
void libotr_oracle(const std::vector<std::string>& args, const std::string& input = "");

// Runs the real python3-potr oracle (tests/tools/potr_oracle.py); its output.
std::string potr_oracle(const std::vector<std::string>& args);

// "fp-hex trust" lines of a store's peers, and "name fp" of its accounts, sorted: easy to compare.
// A fingerprint made of N (0-65535) and TAG, distinct for each N: stores of thousands of them.
Fingerprint numbered_fingerprint(int n, unsigned char tag = 0);
// A contact's public key: the Pidgin sample's first account's, without its private part.
DsaKey a_contacts_public_key();
// A store of COUNT verified entries: peer<i>@y.org with numbered_fingerprint(i), of ACCOUNT(i).
KeyStore numbered_peers(int count, const std::function<AccountId(int)>& account);
// Each row of the libotr-style fingerprint file PATH ("peer<i>@y.org\t<account>\t...") names
// ACCOUNT(i), and there are COUNT of them.
void expect_rows_of_numbered_peers(const std::filesystem::path& path, int count, const std::function<std::string(int)>& account);
std::vector<std::string> peer_summary(const KeyStore& store);
std::vector<std::string> account_summary(const KeyStore& store);

// SHA-1 of every file under DIR, for "nothing changed" checks.
std::vector<std::string> tree_checksums(const std::filesystem::path& dir);

// The text of the QR code in IMAGE, read by zbarimg (Debian zbar-tools); "" when none.
std::string scan_qr_code(const std::filesystem::path& image);
// A ChatSecure export (otr_keystore.ofcaes) opened by the real openssl with PASSWORD.
CommandResult openssl_decrypt(const std::filesystem::path& keystore, const std::string& password);
// ... which must succeed, with a 44-character password, and hold every one of LINES.
void expect_keystore_holds(const std::filesystem::path& keystore, const std::string& password,
                           const std::vector<std::string>& lines);
// Turns QR terminal art (the half blocks of qr_code_terminal_art) back into a PBM picture.
void terminal_art_to_pbm(const std::string& art, const std::filesystem::path& pbm);
// The QR code art a client printed: the lines after PREFIX in LOG that consist of half blocks.
std::string art_from_log(const std::string& log, const std::string& prefix);

// ORIGINAL with BLOCK's lines where the first line REPLACE accepts was (or at the end), through
// without_properties and write_with_block, as the Jitsi writer edits its file.
SecureString edit_java_properties(std::string_view original, const std::function<bool(std::string_view)>& replace,
                                  const PropertyBlock& block, const std::string& source);
// A whole .ofcaes file of TEXT, through OfcaesEncryption, as the export makes it piece by piece.
SecureString ofcaes_encrypt(std::string_view text, const SecureString& password);

}  // namespace keysync::test
