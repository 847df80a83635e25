// The real python3-potr (Debian, run with /usr/bin/python3) as an independent oracle for the
// potr files: .key3 keys and 5-column .fpr trust files (tests/tools/potr_oracle.py).
#include <gtest/gtest.h>

#include <cstdlib>

#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {



std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}


}  // namespace

TEST(PotrInterop, WeReadKeysPotrMakesWithPotrsFingerprint) {
    TempDir dir;
    std::string fingerprint = trimmed(potr_oracle({"gen", (dir / "alice@libera.key3").string()}));
    ASSERT_EQ(fingerprint.size(), 40u);
    KeyStore store = find_app("weechat")->read(dir.path());
    ASSERT_EQ(store.accounts.size(), 1u);
    EXPECT_EQ(store.accounts[0].id.name, "alice@libera");
    EXPECT_EQ(store.accounts[0].key.fingerprint().hex(), fingerprint);
    EXPECT_TRUE(store.accounts[0].key.private_matches_public());
}

TEST(PotrInterop, OurKey3IsByteIdenticalToPotrs) {
    TempDir dir;
    potr_oracle({"gen", (dir / "a@b.key3").string()});
    KeyStore store = find_app("weechat")->read(dir.path());
    TempDir out;
    commit_files(find_app("weechat")->plan_write(store, out.path()).files);
    potr_oracle({"reserialize", (out / "otr/a@b.key3").string(), (out / "potr.key3").string()});
    EXPECT_EQ(read_text(out / "otr/a@b.key3"), read_text(dir / "a@b.key3"));
    EXPECT_EQ(read_text(out / "potr.key3"), read_text(dir / "a@b.key3"));
}

// libotr makes an irssi home; keysync converts it to WeeChat's otr.py files; potr loads them.
TEST(PotrInterop, PotrLoadsWhatWeWriteWithTheSameFingerprintAndTrust) {
    TempDir irssi, weechat;
    fs::create_directories(irssi / "otr");
    libotr_oracle({"gen", (irssi / "otr/otr.key").string(), "alice@libera", "IRC"});
    libotr_oracle({"writefp", (irssi / "otr/otr.fp").string()},
           "bob@libera\talice@libera\tIRC\t" + std::string(40, 'b') + "\tmanual\n"
           "carol@libera\talice@libera\tIRC\t" + std::string(40, 'c') + "\tsmp\n"
           "dave@libera\talice@libera\tIRC\t" + std::string(40, 'd') + "\t\n");
    auto r = run_keysync({"convert", "irssi:" + irssi.path().string(), "weechat:" + weechat.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    std::string libotr_fp = find_app("irssi")->read(irssi.path()).accounts.at(0).key.fingerprint().hex();
    EXPECT_EQ(trimmed(potr_oracle({"fingerprint", (weechat / "otr/alice@libera.key3").string()})), libotr_fp);
    EXPECT_EQ(potr_oracle({"trusts", (weechat / "otr/alice@libera.fpr").string(), "alice@libera", "irc"}),
              "bob@libera " + std::string(40, 'b') + " verified\n"
              "carol@libera " + std::string(40, 'c') + " smp\n"
              "dave@libera " + std::string(40, 'd') + " -\n");
}

TEST(PotrInterop, GajimFixtureReadsAsPotrReadsIt) {
    KeyStore store = find_app("gajim")->read(fixture("gajim"));
    EXPECT_EQ(store.accounts.at(0).key.fingerprint().hex(),
              trimmed(potr_oracle({"fingerprint", fixture("gajim/guardianproject.info.key3").string()})));
    std::string trusts = potr_oracle({"trusts", fixture("gajim/guardianproject.info.fpr").string(), "gptest@guardianproject.info", "xmpp"});
    for (const PeerFingerprint& p : store.peers) {
        std::string word = p.trust.level == TrustLevel::Smp ? "smp" : p.trust.trusted() ? "verified" : "-";
        EXPECT_NE(trusts.find(p.peer + " " + p.fingerprint.hex() + " " + word + "\n"), std::string::npos) << p.peer;
    }
    EXPECT_EQ(store.peers.size(), 4u);
}

}  // namespace keysync::test
