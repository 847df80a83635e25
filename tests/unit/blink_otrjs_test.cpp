#include <gtest/gtest.h>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/potr_key.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;

TEST(Otrjs, PackPrivateIsBase64OfThePotrKey) {
    test::TempDir tmp;
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    commit_files(find_app("otrjs")->plan_write(pidgin, tmp.path()).files);
    std::string packed = test::read_text(tmp / "gptest@limun.org.otrjs");
    EXPECT_EQ(packed.substr(0, 8), "AAAAAACA");  // formats.md 5: a 1024-bit key starts so
    auto raw = base64_decode(packed);
    ASSERT_TRUE(raw);
    EXPECT_EQ(parse_potr_key(std::string(raw->begin(), raw->end()), "k").fingerprint().hex(), "64d5417f685ec59424ade08cd68911873642840c");
    KeyStore back = find_app("otrjs")->read(tmp.path());
    EXPECT_EQ(back.accounts.size(), 2u);  // the damaged Bonjour key is not copied
    test::write_text(tmp / "bad.otrjs", "!!!");
    EXPECT_THROW(find_app("otrjs")->read(tmp.path()), ParseError);
}

TEST(Blink, TrustedPeersInHumanFormRoundTrip) {
    test::TempDir tmp;
    fs::copy_file(test::fixture("gajim/guardianproject.info.key3"), tmp / "private_key.dsa");
    test::write_text(tmp / "trusted_peers",
                     "bob@sip.example\tDF953988 F5C05788 C0327186 D06D3BB4 DDAAEC7F\tverified\n"
                     "carol@sip.example\t3fed5b9b61a7669b4f140639df65af0233aec76c\tsmp\n");
    KeyStore s = find_app("blink")->read(tmp.path());
    EXPECT_EQ(test::account_summary(s), std::vector<std::string>{"blink prpl-simple 203ed8dc97d55d979de3ed7620dd4fae14be9e46 private"});
    EXPECT_EQ(test::peer_summary(s), (std::vector<std::string>{
                                         "bob@sip.example blink prpl-simple df953988f5c05788c0327186d06d3bb4ddaaec7f verified",
                                         "carol@sip.example blink prpl-simple 3fed5b9b61a7669b4f140639df65af0233aec76c smp"}));
    auto result = commit_files(find_app("blink")->plan_write(s, tmp.path()).files);
    EXPECT_EQ(test::peer_summary(find_app("blink")->read(tmp.path())), test::peer_summary(s));
    test::write_text(tmp / "trusted_peers", "bob@sip.example\tnot-a-fingerprint\tverified\n");
    try {
        find_app("blink")->read(tmp.path());
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("trusted_peers:1: field 2 is not a fingerprint"), std::string::npos) << e.what();
    }
}

// Thousands of lines, each given twice (the second time with another trust), and a second peer
// with one of the first's fingerprints: each peer's fingerprint is read once, as its first line
// gives it (looked up by a hash: a search per line took minutes for 100k lines).
TEST(Blink, ALineGivenAgainIsReadOnceAmongThousands) {
    test::TempDir tmp;
    constexpr int kPeers = 3000;
    std::string first, again;
    for (int i = 0; i < kPeers; ++i) {
        std::string row = "p" + std::to_string(i) + "@sip.example\t" + test::numbered_fingerprint(i).hex();
        first += row + (i % 2 ? "\tverified\n" : "\tsmp\n");
        again += row + "\t\n";
    }
    test::write_text(tmp / "trusted_peers", first + again + "other@sip.example\t" + test::numbered_fingerprint(7).hex() + "\tverified\n");
    KeyStore s = find_app("blink")->read(tmp.path());
    ASSERT_EQ(s.peers.size(), static_cast<std::size_t>(kPeers + 1));
    for (int i = 0; i < kPeers; ++i) {
        const PeerFingerprint& p = s.peers[static_cast<std::size_t>(i)];
        EXPECT_EQ(p.peer, "p" + std::to_string(i) + "@sip.example");
        EXPECT_EQ(p.trust.level, i % 2 ? TrustLevel::Verified : TrustLevel::Smp) << i;
        EXPECT_EQ(p.source.text(), "blink:" + (tmp / "trusted_peers").string() + ":" + std::to_string(i + 1));
    }
    EXPECT_EQ(s.peers.back().peer, "other@sip.example");
}

}  // namespace keysync
