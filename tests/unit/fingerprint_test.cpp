#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <string>

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

// Every digit in every place reads as its value (the 40-digit form is read eight digits at once).
TEST(Fingerprint, EveryDigitInEveryPlaceReadsAsItsValue) {
    const std::string digits = "0123456789abcdefABCDEF";
    for (std::size_t at = 0; at < 40; ++at)
        for (char d : digits) {
            std::string text(40, '0');
            text[at] = d;
            auto fp = Fingerprint::parse(text);
            ASSERT_TRUE(fp) << text;
            std::string expected(40, '0');
            expected[at] = static_cast<char>(std::tolower(static_cast<unsigned char>(d)));
            EXPECT_EQ(fp->hex(), expected);
        }
}

// Every byte value in every place prints as its two digits, in both cases (eight digits are
// made at once).
TEST(Fingerprint, EveryByteInEveryPlacePrintsAsItsTwoDigits) {
    for (std::size_t at = 0; at < 20; ++at)
        for (int value = 0; value < 256; ++value) {
            std::array<unsigned char, 20> bytes{};
            for (std::size_t i = 0; i < 20; ++i) bytes[i] = static_cast<unsigned char>(i * 37 + 11);  // the others not all alike
            bytes[at] = static_cast<unsigned char>(value);
            std::string lower, upper;
            for (unsigned char b : bytes) {
                char two[3];
                std::snprintf(two, sizeof two, "%02x", b);
                lower += two;
                std::snprintf(two, sizeof two, "%02X", b);
                upper += two;
            }
            const Fingerprint fp(bytes);
            ASSERT_EQ(fp.hex(), lower) << at << " " << value;
            ASSERT_EQ(fp.hex_upper(), upper) << at << " " << value;
            char written[40];
            fp.write_hex(written);
            ASSERT_EQ(std::string(written, 40), lower);
            fp.write_hex_upper(written);
            ASSERT_EQ(std::string(written, 40), upper);
        }
}

// otr4j's keys: upper-case letters only, a lower-case one anywhere is no fingerprint.
TEST(Fingerprint, UpperCaseOnlyRejectsALowerCaseLetterAtEveryPlace) {
    const std::string upper = "64D5417F685EC59424ADE08CD68911873642840C";
    ASSERT_TRUE(Fingerprint::parse_upper(upper));
    EXPECT_EQ(*Fingerprint::parse_upper(upper), *Fingerprint::parse(upper));
    for (std::size_t at = 0; at < 40; ++at)
        for (char lower : std::string("abcdef")) {
            std::string text = upper;
            text[at] = lower;
            EXPECT_FALSE(Fingerprint::parse_upper(text)) << text;
            EXPECT_TRUE(Fingerprint::parse(text)) << text;
        }
    EXPECT_FALSE(Fingerprint::parse_upper("64D5417F 685EC594 24ADE08C D6891187 3642840C"));  // 40 digits only
}

TEST(Fingerprint, EveryByteThatIsNoDigitIsRejectedAtEveryPlace) {
    const std::string digits = "0123456789abcdefABCDEF";
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const bool digit = digits.find(c) != std::string::npos;
        for (std::size_t at = 0; at < 40; ++at) {
            std::string text(40, '7');
            text[at] = c;
            EXPECT_EQ(Fingerprint::parse(text).has_value(), digit) << "byte " << b << " at " << at;
            EXPECT_EQ(Fingerprint::parse_upper(text).has_value(), digit && !(c >= 'a' && c <= 'f')) << "byte " << b << " at " << at;
        }
    }
}

}  // namespace keysync
