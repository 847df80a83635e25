// The launcher (tools/launcher), built to start tests/unit/launch_probe.c, which prints the
// GLIBC_TUNABLES, process name and arguments it was started with.
#include <string>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace keysync {
namespace {
test::CommandResult launch(const char* launcher, const std::vector<std::string>& env, const std::vector<std::string>& args = {}) {
    std::vector<std::string> command{test::env(launcher)};
    command.insert(command.end(), args.begin(), args.end());
    return test::run_command(command, env);
}
// What the probe says it was given.
std::string probe(const std::vector<std::string>& env, const std::vector<std::string>& args = {}) {
    test::CommandResult r = launch("KEYSYNC_PROBE_LAUNCHER", env, args);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}
// The GLIBC_TUNABLES it was given ("(unset)": none).
std::string tunables_given(const std::vector<std::string>& env) {
    std::string out = probe(env);
    return out.substr(0, out.find('\n'));
}
const std::string kOurs = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072:glibc.malloc.arena_max=1";
}  // namespace

// The program runs under its own name, with glibc's malloc on huge pages, its arguments as given
// (the name it was called by first, as ps shows it); the first of its places that exists is used.
TEST(Launcher, StartsItsProgramWithOurTunablesAndTheArgumentsAsGiven) {
    const std::string launcher = test::env("KEYSYNC_PROBE_LAUNCHER");
    EXPECT_EQ(probe({}, {"sync", "pidgin", "a b"}), kOurs + "\nlaunch_probe\n" + launcher + " sync pidgin a b\n");
}

// The user's own tunables stay; so does a threshold or an arena count they set.
TEST(Launcher, KeepsTheUsersOwnTunables) {
    EXPECT_EQ(tunables_given({"GLIBC_TUNABLES=glibc.malloc.perturb=0"}), "glibc.malloc.perturb=0:" + kOurs);
    EXPECT_EQ(tunables_given({"GLIBC_TUNABLES=glibc.malloc.mmap_threshold=65536"}),
              "glibc.malloc.mmap_threshold=65536:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1");
    EXPECT_EQ(tunables_given({"GLIBC_TUNABLES=glibc.malloc.arena_max=4"}),
              "glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=131072");
}

TEST(Launcher, TurnedOffOrSetByTheUserItLeavesTheTunablesAlone) {
    EXPECT_EQ(tunables_given({"KEYSYNC_HUGE_PAGES=0"}), "(unset)");
    EXPECT_EQ(tunables_given({"GLIBC_TUNABLES=glibc.malloc.hugetlb=0"}), "glibc.malloc.hugetlb=0");
}

// A program that is not where it belongs: an error naming where it was looked for, exit 127.
TEST(Launcher, SaysWhereTheMissingProgramWasLookedFor) {
    test::CommandResult r = launch("KEYSYNC_LOST_LAUNCHER", {}, {"list"});
    EXPECT_EQ(r.status, 127);
    EXPECT_NE(r.err.find("its program is missing (looked for /"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/missing/launch_probe)"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

}  // namespace keysync
