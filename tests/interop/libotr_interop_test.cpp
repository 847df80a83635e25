#include <gtest/gtest.h>

#include "test_support.hpp"

namespace keysync::test {

TEST(LibotrInterop, OracleRuns) {
    TempDir dir;
    auto r = run_command({std::getenv("KEYSYNC_LIBOTR_ORACLE"), "dump", "-", "-"});
    EXPECT_EQ(r.status, 0) << r.err;
}

}  // namespace keysync::test
