// The real libotr (Debian libotr5) as an independent oracle for the libotr file family.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "keysync/formats/sexp.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {

std::string oracle() {
    const char* path = std::getenv("KEYSYNC_LIBOTR_ORACLE");
    if (!path) throw std::runtime_error("KEYSYNC_LIBOTR_ORACLE is not set");
    return path;
}

// libotr's view of a key/fingerprint pair: "key account protocol FP" and "fp user account protocol hex trust".
std::vector<std::string> libotr_dump(const fs::path& keys, const fs::path& fps) {
    auto r = run_command({oracle(), "dump", fs::exists(keys) ? keys.string() : "-", fs::exists(fps) ? fps.string() : "-"});
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

// The same view computed from our reader, with libotr's native names and trust words.
std::vector<std::string> our_dump(const fs::path& dir, const std::string& app = "pidgin") {
    KeyStore store = find_app(app)->read(dir);
    std::vector<std::string> lines;
    for (const Account& a : store.accounts) {
        std::string native = a.id.name_with_resource();
        std::string protocol = app == "irssi" ? "IRC" : std::string(a.id.protocol);
        lines.push_back("key\t" + native + "\t" + protocol + "\t" + a.key.fingerprint().human());
    }
    for (const PeerFingerprint& p : store.peers) {
        std::string native = p.account.name_with_resource();
        std::string protocol = app == "irssi" ? "IRC" : std::string(p.account.protocol);
        lines.push_back("fp\t" + p.peer + "\t" + native + "\t" + protocol + "\t" + p.fingerprint.hex() + "\t" + p.trust.word);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

// A Pidgin home made entirely by libotr: two generated keys, fingerprints with every trust.
void make_libotr_home(const fs::path& dir) {
    fs::create_directories(dir);
    libotr_oracle({"gen", (dir / "otr.private_key").string(), "alice@example.org/Home", "prpl-jabber"});
    libotr_oracle({"gen", (dir / "otr.private_key").string(), "alice@irc.example.net", "prpl-irc"});
    libotr_oracle({"writefp", (dir / "otr.fingerprints").string()},
              "bob@example.org\talice@example.org/Home\tprpl-jabber\t" + std::string(40, 'b') + "\tverified\n"
              "bob@example.org\talice@example.org/Home\tprpl-jabber\t" + std::string(39, 'c') + "d\tsmp\n"
              "carol@example.org\talice@example.org/Home\tprpl-jabber\t0123456789abcdef0123456789abcdef01234567\t\n"
              "dave\talice@irc.example.net\tprpl-irc\tfedcba9876543210fedcba9876543210fedcba98\tsmp\n");
}

}  // namespace

TEST(LibotrInterop, WeReadWhatLibotrWrites) {
    TempDir home;
    make_libotr_home(home.path());
    auto expected = libotr_dump(home / "otr.private_key", home / "otr.fingerprints");
    ASSERT_EQ(expected.size(), 6u);
    EXPECT_EQ(our_dump(home.path()), expected);
}

TEST(LibotrInterop, LibotrReadsWhatWeWrite) {
    TempDir home, out;
    make_libotr_home(home.path());
    KeyStore store = find_app("pidgin")->read(home.path());
    commit_files(find_app("pidgin")->plan_write(store, out.path()).files);
    EXPECT_EQ(libotr_dump(out / "otr.private_key", out / "otr.fingerprints"),
              libotr_dump(home / "otr.private_key", home / "otr.fingerprints"));
}

TEST(LibotrInterop, OurFilesAreByteIdenticalToLibotrs) {
    TempDir home, out;
    make_libotr_home(home.path());
    KeyStore store = find_app("pidgin")->read(home.path());
    commit_files(find_app("pidgin")->plan_write(store, out.path()).files);
    EXPECT_EQ(read_text(out / "otr.fingerprints"), read_text(home / "otr.fingerprints"));
    EXPECT_EQ(read_text(out / "otr.private_key"), read_text(home / "otr.private_key"));
}

TEST(LibotrInterop, ConvertedIrssiHomeLoadsInLibotr) {
    TempDir home, irssi;
    make_libotr_home(home.path());
    auto r = run_keysync({"convert", "pidgin:" + home.path().string(), "irssi:" + irssi.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto dump = libotr_dump(irssi / "otr/otr.key", irssi / "otr/otr.fp");
    EXPECT_EQ(dump, our_dump(irssi.path(), "irssi"));
    // Only the IRC identity and its peer: irssi has no XMPP accounts.
    ASSERT_EQ(dump.size(), 2u);
    EXPECT_EQ(dump[0].rfind("fp\tdave\talice@irc.example.net\tIRC\tfedcba98", 0), 0u) << dump[0];
    EXPECT_EQ(dump[1].rfind("key\talice@irc.example.net\tIRC\t", 0), 0u) << dump[1];
}

// libotr writes each key number as libgcrypt prints it, and libgcrypt picks an MPI's encoding as
// any string's: #hex#, a "quoted string" or a bare token. About one random x in a few hundred is
// all printable bytes; written as #hex# instead, a second sync would rewrite an unchanged file.
TEST(LibotrInterop, KeyNumbersAreEncodedExactlyAsLibgcryptDoes) {
    for (std::string hex : {"6162636465666768696a6b6c6d6e6f7071727374",  // letters: a token
                            "3132333435",                                // digits first: quoted
                            "68656c6c6f0a22776f726c64",                  // escapes: quoted
                            "e9e9e9414243", "7f4142", "ff0102", "0102", "41",
                            "2b2d2e2f3a5f2a3d"}) {                       // token punctuation
        SecureBytes value;
        for (std::size_t i = 0; i < hex.size(); i += 2) value.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
        SecureString ours = "(x ";
        append_sexp_number(ours, value.data(), value.size());
        auto libgcrypt = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "mpi", hex});
        ASSERT_EQ(libgcrypt.status, 0) << libgcrypt.err;
        EXPECT_EQ(std::string(ours.begin(), ours.end()) + ")\n", libgcrypt.out) << hex;
    }
}

}  // namespace keysync::test
