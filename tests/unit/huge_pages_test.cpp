#include <gtest/gtest.h>

#include "keysync/huge_pages.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
std::string probe(const std::vector<std::string>& env, const std::vector<std::string>& args = {}) {
    std::vector<std::string> command{test::env("KEYSYNC_HUGEPAGE_PROBE")};
    command.insert(command.end(), args.begin(), args.end());
    test::CommandResult r = test::run_command(command, env);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}
}  // namespace

// The CLI restarts itself once so glibc's malloc uses transparent huge pages; under its own name.
TEST(HugePages, ProgramRestartsOnceWithTheTunableAndKeepsItsName) {
    EXPECT_EQ(probe({}), "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072\nhugepage_probe\n");
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.perturb=0"}),
              "glibc.malloc.perturb=0:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072\nhugepage_probe\n");
    // A threshold the user set is theirs.
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.mmap_threshold=65536"}),
              "glibc.malloc.mmap_threshold=65536:glibc.malloc.hugetlb=1\nhugepage_probe\n");
}

// Starting again costs a second load of every library: only runs with 16 MiB of input are worth it.
TEST(HugePages, OnlyLargeInputsAreWorthTheRestart) {
    EXPECT_EQ(probe({}, {std::to_string(kHugePagesWorthFrom - 1)}), "(unset)\nhugepage_probe\n");
    EXPECT_EQ(probe({}, {std::to_string(kHugePagesWorthFrom)}),
              "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072\nhugepage_probe\n");
}

TEST(HugePages, TurnedOffOrAlreadySetItRunsOnAsItIs) {
    EXPECT_EQ(probe({"KEYSYNC_HUGE_PAGES=0"}), "(unset)\nhugepage_probe\n");
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.hugetlb=0"}), "glibc.malloc.hugetlb=0\nhugepage_probe\n");
}

}  // namespace keysync
