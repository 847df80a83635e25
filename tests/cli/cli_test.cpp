#include <gtest/gtest.h>

#include "test_support.hpp"

namespace keysync::test {

TEST(Cli, NoArgumentsIsAUsageError) {
    auto r = run_keysync({});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("usage: keysync"), std::string::npos);
}

}  // namespace keysync::test
