#include <gtest/gtest.h>

#include "keysync/fingerprint.hpp"
#include "keysync/formats/libotr_private_keys.hpp"
#include "sha1.hpp"
#include "test_support.hpp"

namespace keysync {

TEST(DsaKey, FingerprintMatchesTheWorkedExample) {
    auto keys = parse_libotr_private_keys(test::read_text(test::fixture("pidgin/otr.private_key")), "pidgin");
    ASSERT_FALSE(keys.empty());
    EXPECT_EQ(keys[0].key.fingerprint().hex(), "64d5417f685ec59424ade08cd68911873642840c");
    EXPECT_TRUE(keys[0].key.private_matches_public());
    EXPECT_EQ(keys[0].key.problem(), "");
}

// The digest fingerprints and key IDs are made with: FIPS 180's examples.
TEST(DsaKey, Sha1GivesTheStandardsDigests) {
    EXPECT_EQ(Fingerprint(sha1("abc", 3)).hex(), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(Fingerprint(sha1("", 0)).hex(), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    const std::string million(1000000, 'a');
    EXPECT_EQ(Fingerprint(sha1(million.data(), million.size())).hex(), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(DsaKey, ProblemsAreNamed) {
    auto keys = parse_libotr_private_keys(test::read_text(test::fixture("pidgin/otr.private_key")), "pidgin");
    DsaKey key = keys[0].key;
    key.q.push_back(1);  // 168 bits
    EXPECT_NE(key.problem().find("160-bit q"), std::string::npos);
    key = keys[0].key;
    key.y[5] ^= 1;
    EXPECT_EQ(key.problem(), "");  // still shaped like a key
    EXPECT_FALSE(key.private_matches_public());
    key = keys[0].key;
    key.x = SecureBytes(key.q.begin(), key.q.end());
    EXPECT_NE(key.problem().find("x is not smaller than q"), std::string::npos);
}

TEST(DsaKey, ComputesYFromX) {
    auto keys = parse_libotr_private_keys(test::read_text(test::fixture("pidgin/otr.private_key")), "pidgin");
    const DsaKey& k = keys[1].key;
    EXPECT_EQ(compute_public_y(k.p, k.g, *k.x), k.y);
}

}  // namespace keysync
