// The keysync command line as a user runs it: output, exit codes, files on disk.
#include <gtest/gtest.h>

#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {


fs::path copy_fixture(const std::string& name, const TempDir& tmp) {
    fs::path dir = tmp / name;
    fs::copy(fixture(name), dir, fs::copy_options::recursive);
    return dir;
}

}  // namespace

TEST(Cli, NoArgumentsIsAUsageError) {
    auto r = run_keysync({});
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(contains(r.err, "usage: keysync"));
}

TEST(Cli, EveryCommandHasHelp) {
    for (std::string command : {"apps", "list", "convert"}) {
        auto r = run_keysync({command, "--help"});
        EXPECT_EQ(r.status, 0) << command;
        EXPECT_TRUE(contains(r.out, "usage: keysync " + command)) << r.out;
    }
    auto r = run_keysync({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(contains(r.out, "convert FROM TO"));
}

TEST(Cli, UsageErrorsExitWith2) {
    EXPECT_EQ(run_keysync({"frobnicate"}).status, 2);
    EXPECT_EQ(run_keysync({"list"}).status, 2);
    EXPECT_EQ(run_keysync({"list", "pidgin", "--bogus"}).status, 2);
    EXPECT_EQ(run_keysync({"convert", "pidgin"}).status, 2);
}

TEST(Cli, AppsShowsDefaultFoldersAndWhatIsPresent) {
    TempDir home;
    fs::copy(fixture("pidgin"), home / ".purple", fs::copy_options::recursive);
    auto r = run_keysync({"apps"}, {"HOME=" + home.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "pidgin     present  " + (home / ".purple").string())) << r.out;
    EXPECT_TRUE(contains(r.out, "irssi      absent   " + (home / ".irssi").string())) << r.out;
    for (std::string app : {"xchat", "hexchat", "kopete"}) EXPECT_TRUE(contains(r.out, app)) << app;
}

TEST(Cli, ListJsonHasTheContractShape) {
    auto r = run_keysync({"list", "irssi:" + fixture("irssi").string(), "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "{\"app\":\"irssi\",\"location\":\"" + fixture("irssi").string() +
                  "\",\"accounts\":[{\"name\":\"test@example.org\",\"protocol\":\"prpl-irc\",\"fingerprint\":"
                  "\"1e6152121c8a6dfefb5d84553c2111a2ff0e84d7\",\"private_key\":true}],\"peers\":["
                  "{\"name\":\"bigbear\",\"account\":\"test@example.org\",\"protocol\":\"prpl-irc\",\"fingerprint\":"
                  "\"fffffffffffffcdfdddddeeeeee8aaaaaad00000\",\"trust\":\"unverified\"},"
                  "{\"name\":\"goldy\",\"account\":\"test@example.org\",\"protocol\":\"prpl-irc\",\"fingerprint\":"
                  "\"0000111122223444455566666777778889990aab\",\"trust\":\"unverified\"},"
                  "{\"name\":\"blue\",\"account\":\"test@example.org\",\"protocol\":\"prpl-irc\",\"fingerprint\":"
                  "\"bbbbbbbbbb223444455566666777778889990aab\",\"trust\":\"smp\"},"
                  "{\"name\":\"testymctest\",\"account\":\"test@example.org\",\"protocol\":\"prpl-irc\",\"fingerprint\":"
                  "\"eeeeee1122223444455566666777778889990aab\",\"trust\":\"verified\"}]}\n");
}

TEST(Cli, ListDefaultLocationUsesHome) {
    TempDir home;
    fs::copy(fixture("pidgin"), home / ".purple", fs::copy_options::recursive);
    auto r = run_keysync({"list", "pidgin"}, {"HOME=" + home.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "64D5417F 685EC594 24ADE08C D6891187 3642840C")) << r.out;
    EXPECT_TRUE(contains(r.out, "3 accounts:\n")) << r.out;
    EXPECT_TRUE(contains(r.out, "6 peer fingerprints:\n")) << r.out;
}

TEST(Cli, ConvertMergesIntoTheTargetWithBackups) {
    TempDir tmp;
    fs::path pidgin = copy_fixture("pidgin", tmp), kopete = tmp / "kopete";
    auto r = run_keysync({"convert", "pidgin:" + pidgin.string(), "kopete:" + kopete.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "+ key 64d5417f685ec59424ade08cd68911873642840c")) << r.out;
    EXPECT_TRUE(contains(r.out, "not written: its private key does not match its public key")) << r.out;
    EXPECT_TRUE(contains(read_text(kopete / "privkeys"), "(protocol Jabber)"));
    struct stat st {};
    ASSERT_EQ(::stat((kopete / "privkeys").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    // Merge IRC keys into the Pidgin home: the old files are kept as backups.
    std::string old_keys = read_text(pidgin / "otr.private_key");
    r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "pidgin:" + pidgin.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "(previous file kept as otr.private_key.")) << r.out;
    bool found_backup = false;
    for (const auto& e : fs::directory_iterator(pidgin))
        if (e.path().filename().string().rfind("otr.private_key.", 0) == 0) found_backup = read_text(e.path()) == old_keys;
    EXPECT_TRUE(found_backup);
    auto list = run_keysync({"list", "pidgin:" + pidgin.string(), "--json"});
    EXPECT_TRUE(contains(list.out, "\"name\":\"test@example.org\",\"protocol\":\"prpl-irc\"")) << list.out;
    EXPECT_TRUE(contains(list.out, "\"name\":\"gptest@mycomputer\",\"protocol\":\"prpl-bonjour\"")) << list.out;

    // Doing it again changes nothing.
    r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "pidgin:" + pidgin.string()});
    EXPECT_TRUE(contains(r.out, "no changes")) << r.out;
}

TEST(Cli, DryRunWritesNothing) {
    TempDir tmp;
    fs::path pidgin = copy_fixture("pidgin", tmp);
    auto before = tree_checksums(tmp.path());
    auto r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "pidgin:" + pidgin.string(), "--dry-run"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "dry run, nothing written")) << r.out;
    EXPECT_TRUE(contains(r.out, "+ key 1e6152121c8a6dfefb5d84553c2111a2ff0e84d7")) << r.out;
    EXPECT_TRUE(contains(r.out, "would write " + (pidgin / "otr.private_key").string())) << r.out;
    EXPECT_EQ(tree_checksums(tmp.path()), before);
}

TEST(Cli, BrokenSourceFailsWithTheFileAndLineAndChangesNothing) {
    TempDir tmp;
    fs::path pidgin = copy_fixture("pidgin", tmp), bad = tmp / "bad";
    fs::create_directories(bad / "otr");
    std::string key = read_text(fixture("irssi/otr.key"));
    write_text(bad / "otr/otr.key", key.substr(0, key.find("(q ") + 10) + "Z" + key.substr(key.find("(q ") + 11));
    auto before = tree_checksums(tmp.path());
    auto r = run_keysync({"convert", "irssi:" + bad.string(), "pidgin:" + pidgin.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.err, (bad / "otr/otr.key").string() + ":8: bad hex digit")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    EXPECT_EQ(tree_checksums(tmp.path()), before);
}

TEST(Cli, ASyncThatCannotWriteItsLastLocationChangesNoneOfThem) {
    TempDir tmp;
    fs::path pidgin = copy_fixture("pidgin", tmp), irssi = copy_fixture("irssi", tmp);
    write_text(tmp / "not-a-folder", "x");  // kopete's folder cannot be made under a file
    auto before = tree_checksums(tmp.path());
    auto r = run_keysync({"sync", "pidgin:" + pidgin.string(), "irssi:" + irssi.string(),
                          "kopete:" + (tmp / "not-a-folder/kopete").string()});
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_TRUE(contains(r.err, (tmp / "not-a-folder").string())) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(tree_checksums(tmp.path()), before);  // Pidgin and irssi were staged, then let go
}

// ChatSecure keeps "verified" only: a fingerprint verified by SMP elsewhere is written verified,
// and syncing again must not report it as raised to SMP each time.
TEST(Cli, SyncingAgainDoesNotReportSmpAsNewForChatSecure) {
    TempDir tmp;
    fs::path pidgin = copy_fixture("pidgin", tmp), chatsecure = tmp / "chatsecure";
    std::string fps = read_text(pidgin / "otr.fingerprints");
    std::size_t verified = fps.find("\tverified\n");
    ASSERT_NE(verified, std::string::npos);
    write_text(pidgin / "otr.fingerprints", fps.replace(verified, 10, "\tsmp\n"));
    for (int run = 0; run < 2; ++run) {
        auto r = run_keysync({"sync", "pidgin:" + pidgin.string(), "chatsecure:" + chatsecure.string()});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_FALSE(contains(r.out, "-> smp")) << r.out;
    }
    auto list = run_keysync({"list", "chatsecure:" + chatsecure.string(), "--json"});
    EXPECT_TRUE(contains(list.out, "\"fingerprint\":\"a2cd015572d256703e7624840f91209160185410\",\"trust\":\"verified\"")) << list.out;
}

TEST(Cli, BrokenTargetIsNotOverwritten) {
    TempDir tmp;
    fs::path pidgin = tmp / "pidgin";
    write_text(pidgin / "otr.fingerprints", "this is not a fingerprint file\n");
    auto before = tree_checksums(tmp.path());
    auto r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "pidgin:" + pidgin.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.err, (pidgin / "otr.fingerprints").string() + ":1:")) << r.err;
    EXPECT_EQ(tree_checksums(tmp.path()), before);
}

TEST(Cli, RefusesWhileTheTargetClientRunsUnlessForced) {
    TempDir tmp;
    fs::path hexchat = tmp / "hexchat-home";
    // A process named "hexchat" (comm comes from the executable's file name); hexchat because
    // no other test writes there while this one runs.
    fs::copy_file("/bin/sleep", tmp / "hexchat");
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execl((tmp / "hexchat").c_str(), "hexchat", "30", nullptr);
        ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "hexchat:" + hexchat.string()}, {"KEYSYNC_PROC_DIR=/proc"});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(contains(r.err, "hexchat (pid " + std::to_string(pid) + ") is running")) << r.err;
    EXPECT_FALSE(fs::exists(hexchat / "otr/otr.key"));
    r = run_keysync({"convert", "irssi:" + fixture("irssi").string(), "hexchat:" + hexchat.string(), "--force"},
                    {"KEYSYNC_PROC_DIR=/proc"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(fs::exists(hexchat / "otr/otr.key"));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

}  // namespace keysync::test
