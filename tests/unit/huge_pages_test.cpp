#include <filesystem>
#include <string>

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
    EXPECT_EQ(probe({}), "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=1\nhugepage_probe\n");
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.perturb=0"}),
              "glibc.malloc.perturb=0:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=1\nhugepage_probe\n");
    // A threshold or an arena count the user set is theirs.
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.mmap_threshold=65536"}),
              "glibc.malloc.mmap_threshold=65536:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1\nhugepage_probe\n");
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.arena_max=4"}),
              "glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072\nhugepage_probe\n");
}

// Starting again costs a second load of every library: only runs with 16 MiB of input are worth it.
TEST(HugePages, OnlyLargeInputsAreWorthTheRestart) {
    EXPECT_EQ(probe({}, {std::to_string(kHugePagesWorthFrom - 1)}), "(unset)\nhugepage_probe\n");
    EXPECT_EQ(probe({}, {std::to_string(kHugePagesWorthFrom)}),
              "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=1\nhugepage_probe\n");
}

// What a command handles, for that: the largest location or file it names, once for each (a
// first sync of one full home with three empty ones writes three times what it reads).
TEST(HugePages, ARunHandlesItsLargestLocationOnceForEachItNames) {
    test::TempDir home;
    test::write_text(home / ".purple/otr.fingerprints", std::string(1000, 'x'));
    test::write_text(home / ".purple/otr.private_key", std::string(24, 'x'));
    test::write_text(home / "jitsi/sip-communicator.properties", std::string(700, 'x'));
    std::filesystem::create_directories(home / "empty");
    test::write_text(home / "export.ofcaes", std::string(5000, 'x'));
    const std::string jitsi = "jitsi:" + (home / "jitsi").string(), empty = "kopete:" + (home / "empty").string();
    EXPECT_EQ(run_bytes({"sync", "pidgin", jitsi, empty, "chatsecure:" + (home / "empty").string()}, home.path()), 4u * 1024);
    EXPECT_EQ(run_bytes({"list", jitsi, "--json"}, home.path()), 700u);
    EXPECT_EQ(run_bytes({"import-chatsecure", (home / "export.ofcaes").string(), "--password", "secret", "--to", empty}, home.path()),
              2u * 5000);
    EXPECT_EQ(run_bytes({"sync", "pidgin", jitsi}, {}), 700u);  // no home: no default folders
    EXPECT_EQ(run_bytes({"apps"}, home.path()), 0u);
}

TEST(HugePages, TurnedOffOrAlreadySetItRunsOnAsItIs) {
    EXPECT_EQ(probe({"KEYSYNC_HUGE_PAGES=0"}), "(unset)\nhugepage_probe\n");
    EXPECT_EQ(probe({"GLIBC_TUNABLES=glibc.malloc.hugetlb=0"}), "glibc.malloc.hugetlb=0\nhugepage_probe\n");
}

}  // namespace keysync
