#include <gtest/gtest.h>

#include "keysync/base64.hpp"

namespace keysync {

TEST(Base64, RoundTripsEveryPaddingLength) {
    for (std::string text : {"", "a", "ab", "abc", "abcd", "any carnal pleasure."}) {
        SecureString encoded = base64_encode(reinterpret_cast<const unsigned char*>(text.data()), text.size());
        auto decoded = base64_decode(encoded);
        ASSERT_TRUE(decoded) << text;
        EXPECT_EQ(std::string(decoded->begin(), decoded->end()), text);
    }
    SecureString e = base64_encode(reinterpret_cast<const unsigned char*>("ab"), 2);
    EXPECT_EQ(std::string(e), "YWI=");
}

TEST(Base64, IgnoresWhitespaceAndRejectsJunk) {
    auto d = base64_decode("YW\nJj\r\n ZA==");
    ASSERT_TRUE(d);
    EXPECT_EQ(std::string(d->begin(), d->end()), "abcd");
    EXPECT_FALSE(base64_decode("YW*j"));
    EXPECT_FALSE(base64_decode("YWJ"));
}

}  // namespace keysync
