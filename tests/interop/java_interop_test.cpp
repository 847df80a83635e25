// Java (Debian default-jdk-headless) as the oracle for the otr4j stores: java.util.Properties
// loads what we write and KeyFactory decodes its keys (tests/java/KeystoreCheck.java); the
// openssl command line decrypts our .ofcaes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "keysync/formats/ofcaes.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {


std::string hex(const unsigned char* data, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) out += {digits[data[i] >> 4], digits[data[i] & 15]};
    std::size_t zeros = out.find_first_not_of('0');  // BigInteger.toString(16) has no leading zeros
    return zeros == std::string::npos ? "0" : out.substr(zeros);
}
template <typename B>
std::string hex(const B& b) { return hex(b.data(), b.size()); }

class JavaInterop : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        classes_ = new TempDir();
        auto r = run_command({"javac", "-d", classes_->path().string(), env("KEYSYNC_JAVA_DIR") + "/KeystoreCheck.java"});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite() { delete classes_; }

    static std::vector<std::string> java_check(const fs::path& file, const std::string& prefix = "") {
        auto r = run_command({"java", "-cp", classes_->path().string(), "KeystoreCheck", file.string(), prefix});
        EXPECT_EQ(r.status, 0) << r.err;
        std::vector<std::string> lines;
        std::istringstream in(r.out);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
    static inline TempDir* classes_ = nullptr;
};

bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_F(JavaInterop, JavaLoadsOurChatSecureKeystoreWithTheExactKeysAndTrust) {
    TempDir out;
    auto r = run_keysync({"convert", "pidgin:" + fixture("pidgin").string(), "chatsecure:" + out.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto lines = java_check(out / "otr_keystore");
    KeyStore pidgin = find_app("pidgin")->read(fixture("pidgin"));
    for (const Account& a : pidgin.accounts) {
        if (!a.key.private_matches_public()) continue;  // the fixture's damaged key is not copied
        const DsaKey& k = a.key;
        EXPECT_TRUE(has(lines, "private " + a.id.name + ".privateKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(*k.x)))
            << a.id.name;
        EXPECT_TRUE(has(lines, "public " + a.id.name + ".publicKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(k.y)))
            << a.id.name;
    }
    // Exactly the trusted fingerprints are verified, in both cases; nothing else says "verified".
    std::vector<std::string> verified;
    for (const auto& l : lines)
        if (l.find(".publicKey.verified") != std::string::npos) verified.push_back(l);
    std::vector<std::string> expected;
    for (const PeerFingerprint& p : pidgin.peers)
        if (p.trust.trusted() && (p.account.protocol == "prpl-jabber" || p.account.protocol == "prpl-bonjour")) {
            expected.push_back("prop " + p.peer + "." + p.fingerprint.hex() + ".publicKey.verified true");
            expected.push_back("prop " + p.peer + "." + p.fingerprint.hex_upper() + ".publicKey.verified true");
        }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    EXPECT_EQ(verified, expected);
    EXPECT_FALSE(expected.empty());
}

TEST_F(JavaInterop, JavaLoadsOurJitsiPropertiesWithTheExactKeys) {
    TempDir out;
    fs::copy(fixture("jitsi"), out.path(), fs::copy_options::recursive);
    fs::permissions(out / "sip-communicator.properties", fs::perms::owner_read | fs::perms::owner_write);
    // Jitsi has this account: its key is replaced by Gajim's (--prefer), then Java decodes it.
    write_text(out / "sip-communicator.properties",
               read_text(out / "sip-communicator.properties") +
                   "net.java.sip.communicator.impl.protocol.jabber.acc9.ACCOUNT_UID=Jabber\\:gptest@guardianproject.info@guardianproject.info\n");
    auto r = run_keysync({"convert", "gajim:" + fixture("gajim").string(), "jitsi:" + out.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto lines = java_check(out / "sip-communicator.properties", "net.java.sip.communicator.plugin.otr.");
    KeyStore gajim = find_app("gajim")->read(fixture("gajim"));
    const DsaKey& k = gajim.accounts.at(0).key;
    std::string m = "Jabber_gptest_guardianproject_info_guardianproject_info";
    EXPECT_TRUE(has(lines, "private " + m + "_privateKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(*k.x)));
    EXPECT_TRUE(has(lines, "public " + m + "_publicKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(k.y)));
    EXPECT_TRUE(has(lines, "prop hans_guardianproject_infoDF953988F5C05788C0327186D06D3BB4DDAAEC7F_fingerprint_verified true"));
    EXPECT_TRUE(has(lines, "prop miron_hyper_to3FED5B9B61A7669B4F140639DF65AF0233AEC76C_fingerprint_verified false"));
}

TEST_F(JavaInterop, OurOfcaesDecryptsWithOpenSslEncMd5) {
    TempDir tmp;
    SecureString plain = "gptest@example.org.fingerprint=64d5417f685ec59424ade08cd68911873642840c\n";
    SecureString password = "Vb0Yf2o1cJcH2t0x1o3bDq2P3n0bWd8tq1uQJb7y0c4=";
    SecureString enc = test::ofcaes_encrypt(plain, password);
    write_text(tmp / "otr_keystore.ofcaes", std::string(enc));
    auto r = openssl_decrypt(tmp / "otr_keystore.ofcaes", std::string(password));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, std::string(plain));
}

TEST_F(JavaInterop, JavaReadsTheFixtureKeystoresAsWeDo) {
    auto lines = java_check(fixture("chatsecure/otr_keystore"));
    KeyStore ours = find_app("chatsecure")->read(fixture("chatsecure"));
    const DsaKey& k = ours.accounts.at(0).key;  // OURS outlives K
    EXPECT_TRUE(has(lines, "private gptest@jabber.org.privateKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(*k.x)));
}

// The whole export through independent tools: zbarimg reads the QR code, openssl decrypts the
// file with that password, Java loads the plaintext and decodes its keys.
TEST_F(JavaInterop, ExportRoundTripsThroughZbarOpensslAndJava) {
    TempDir tmp;
    auto r = run_keysync({"export-chatsecure", "pidgin:" + fixture("pidgin").string(), "gajim:" + fixture("gajim").string(),
                          "--output", (tmp / "otr_keystore.ofcaes").string(), "--qr", (tmp / "qr.png").string(), "--no-push"});
    ASSERT_EQ(r.status, 0) << r.err;
    auto scan = run_command({"zbarimg", "-q", "--raw", (tmp / "qr.png").string()});
    ASSERT_EQ(scan.status, 0) << scan.err;
    std::string password = scan.out.substr(0, scan.out.find('\n'));
    ASSERT_EQ(password.size(), 44u);
    EXPECT_EQ(r.out.find(password), std::string::npos);  // printed only with --show-password
    auto plain = openssl_decrypt(tmp / "otr_keystore.ofcaes", password);
    ASSERT_EQ(plain.status, 0) << plain.err;
    write_text(tmp / "plain.properties", plain.out);
    auto lines = java_check(tmp / "plain.properties");
    for (const char* app : {"pidgin", "gajim"}) {
        KeyStore source = find_app(app)->read(fixture(app));
        for (const Account& a : source.accounts) {
            if (!a.key.private_matches_public()) continue;
            const DsaKey& k = a.key;
            EXPECT_TRUE(has(lines, "private " + a.id.name + ".privateKey " + hex(k.p) + " " + hex(k.q) + " " + hex(k.g) + " " + hex(*k.x)))
                << a.id.name;
        }
        // ChatSecure keeps one trust per contact and fingerprint, whichever local account saw it.
        for (const PeerFingerprint& p : source.peers) {
            if (p.account.protocol != "prpl-jabber") continue;
            bool trusted_anywhere = false;
            for (const PeerFingerprint& q : source.peers)
                trusted_anywhere |= q.peer == p.peer && q.fingerprint == p.fingerprint && q.trust.trusted();
            bool verified = has(lines, "prop " + p.peer + "." + p.fingerprint.hex() + ".publicKey.verified true");
            EXPECT_EQ(verified, trusted_anywhere) << p.peer << " " << p.fingerprint.hex();
            EXPECT_EQ(has(lines, "prop " + p.peer + "." + p.fingerprint.hex_upper() + ".publicKey.verified true"), trusted_anywhere);
        }
    }
    // ... and back: import it into an empty Pidgin home; a wrong password changes nothing.
    auto bad = run_keysync({"import-chatsecure", (tmp / "otr_keystore.ofcaes").string(), "--password", "wrong", "--to",
                            "pidgin:" + (tmp / "purple").string()});
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.err.find((tmp / "otr_keystore.ofcaes").string() + ": wrong password"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(tmp / "purple"));
    auto good = run_keysync({"import-chatsecure", (tmp / "otr_keystore.ofcaes").string(), "--password", password, "--to",
                             "pidgin:" + (tmp / "purple").string()});
    ASSERT_EQ(good.status, 0) << good.err;
    EXPECT_NE(good.out.find("+ key 203ed8dc97d55d979de3ed7620dd4fae14be9e46 for account gptest@guardianproject.info"), std::string::npos)
        << good.out;
}

}  // namespace keysync::test
