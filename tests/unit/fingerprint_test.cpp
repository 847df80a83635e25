#include <gtest/gtest.h>

#include "keysync/fingerprint.hpp"

namespace keysync {

TEST(Fingerprint, ParsesEveryTextFormAndPrintsEach) {
    auto lower = Fingerprint::parse("64d5417f685ec59424ade08cd68911873642840c");
    auto upper = Fingerprint::parse("64D5417F685EC59424ADE08CD68911873642840C");
    auto human = Fingerprint::parse("64D5417F 685EC594 24ADE08C D6891187 3642840C");
    ASSERT_TRUE(lower && upper && human);
    EXPECT_EQ(*lower, *upper);
    EXPECT_EQ(*lower, *human);
    EXPECT_EQ(lower->hex(), "64d5417f685ec59424ade08cd68911873642840c");
    EXPECT_EQ(lower->hex_upper(), "64D5417F685EC59424ADE08CD68911873642840C");
    EXPECT_EQ(lower->human(), "64D5417F 685EC594 24ADE08C D6891187 3642840C");
}

TEST(Fingerprint, RejectsWrongLengthAndNonHex) {
    EXPECT_FALSE(Fingerprint::parse("64d5417f685ec59424ade08cd68911873642840"));
    EXPECT_FALSE(Fingerprint::parse("64d5417f685ec59424ade08cd68911873642840c0"));
    EXPECT_FALSE(Fingerprint::parse("g4d5417f685ec59424ade08cd68911873642840c"));
    EXPECT_FALSE(Fingerprint::parse("64d5417f685ec59424ade08cd68911873642840z"));  // the fast 40-digit path checks every digit
    EXPECT_FALSE(Fingerprint::parse(""));
}

TEST(Fingerprint, EveryByteThatIsNoDigitIsRejectedAtEveryPlace) {
    const std::string digits = "0123456789abcdefABCDEF";
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const bool digit = digits.find(c) != std::string::npos;
        for (std::size_t at : {0u, 1u, 20u, 39u}) {
            std::string text(40, '7');
            text[at] = c;
            EXPECT_EQ(Fingerprint::parse(text).has_value(), digit) << "byte " << b << " at " << at;
        }
    }
}

}  // namespace keysync
