// The Pidgin plugin in libpurple: headless through tests/hosts/purple_harness.cpp (every menu
// action with its dialogs answered), and in the real Pidgin with the real pidgin-otr under Xvfb
// (HOSTS.md §3), where pidgin-otr's live state is inspected after an import.
#include <gtest/gtest.h>

#include <cstdlib>

#include "running_program.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {



// A Pidgin home with one XMPP key, and an irssi home made by libotr with peers of every trust.
struct Homes {
    TempDir root;
    fs::path purple = root / "purple", irssi = root / "irssi";
    Homes() {
        fs::create_directories(purple);
        fs::create_directories(irssi / "otr");
        libotr_oracle({"gen", (purple / "otr.private_key").string(), "me@example.org/Home", "prpl-jabber"});
        libotr_oracle({"gen", (irssi / "otr/otr.key").string(), "example", "IRC"});
        libotr_oracle({"writefp", (irssi / "otr/otr.fp").string()},
               "bob\texample\tIRC\t" + std::string(40, 'b') + "\tmanual\n"
               "carol\texample\tIRC\t" + std::string(40, 'c') + "\tsmp\n"
               "dave\texample\tIRC\t" + std::string(40, 'd') + "\t\n");
    }

    // A Pidgin config dir (pidgin -c) with our home's OTR files and pidgin-otr and KeySync loaded.
    fs::path pidgin_config() {
        fs::path cfg = root / "cfg";
        fs::create_directories(cfg / "plugins");
        fs::copy(purple, cfg, fs::copy_options::recursive);
        fs::copy_file(fs::path(env("KEYSYNC_PIDGIN_PLUGIN_DIR")) / "keysync.so", cfg / "plugins/keysync.so");
        write_text(cfg / "prefs.xml",
                   "<?xml version='1.0' encoding='UTF-8' ?>\n<pref version='1' name='/'>\n <pref name='pidgin'>\n"
                   "  <pref name='plugins'>\n   <pref name='loaded' type='pathlist'>\n"
                   "    <item value='/usr/lib/pidgin/pidgin-otr.so'/>\n    <item value='" + (cfg / "plugins/keysync.so").string() +
                   "'/>\n   </pref>\n  </pref>\n </pref>\n</pref>\n");
        return cfg;
    }

    // The real Pidgin on config dir CFG, through env(1) so only Pidgin gets client_env's preload.
    static std::vector<std::string> pidgin(const fs::path& cfg) {
        std::vector<std::string> command{"/usr/bin/env"};
        for (const std::string& e : client_env({})) command.push_back(e);
        for (std::string a : {"/usr/bin/pidgin", "-c", cfg.c_str()}) command.push_back(a);
        return command;
    }

    // Runs the real Pidgin under Xvfb with KEYSYNC_AUTORUN=COMMANDS, quitting AUTOQUIT ms after
    // them; what they showed is in the probe file.
    CommandResult run_pidgin(const std::string& commands, int autoquit) {
        std::vector<std::string> command{"/usr/bin/xvfb-run", "-a"};
        for (const std::string& word : pidgin(pidgin_config())) command.push_back(word);
        return run_command(command, {"KEYSYNC_AUTORUN=" + commands, "KEYSYNC_AUTOQUIT=" + std::to_string(autoquit),
                                     "KEYSYNC_PROBE_OUT=" + probe.string(), "HOME=" + root.path().string()});
    }
    fs::path probe = root / "probe.txt";

    std::string harness(const std::vector<std::string>& actions, const std::vector<std::string>& answers) {
        fs::path out = root / "dialogs.txt";
        fs::remove(out);
        std::vector<std::string> args{env("KEYSYNC_PURPLE_HARNESS"), purple.string(), env("KEYSYNC_PIDGIN_PLUGIN_DIR")};
        args.insert(args.end(), actions.begin(), actions.end());
        std::vector<std::string> environment{"HARNESS_OUT=" + out.string(), "HOME=" + root.path().string()};
        environment.insert(environment.end(), answers.begin(), answers.end());
        auto r = run_command(args, client_env(environment));
        EXPECT_EQ(r.status, 0) << r.out << r.err;
        EXPECT_TRUE(contains(r.out, "loaded=1")) << r.out;
        EXPECT_TRUE(contains(r.out, "unloaded=1")) << r.out;
        return fs::exists(out) ? read_text(out) : "";
    }
};

}  // namespace

TEST(PidginHarness, StatusShowsTheFilesWhenPidginOtrIsAbsent) {
    Homes h;
    std::string dialogs = h.harness({"Status"}, {});
    EXPECT_TRUE(contains(dialogs, "pidgin-otr is not loaded; its files hold:")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "account me@example.org/Home (prpl-jabber)")) << dialogs;
}

TEST(PidginHarness, ImportShowsTheDryRunAndCancelWritesNothing) {
    Homes h;
    auto otr_files = [&] {  // libpurple itself writes prefs.xml and status.xml there
        auto all = tree_checksums(h.purple);
        std::erase_if(all, [](const std::string& s) { return s.rfind("otr.", 0) != 0; });
        return all;
    };
    auto before = otr_files();
    std::string dialogs = h.harness({"Import from another app…"},
                                    {"HARNESS_APP=irssi", "HARNESS_FOLDER=" + h.irssi.string(), "HARNESS_CONFIRM=1"});
    EXPECT_TRUE(contains(dialogs, "[action] KeySync\nImport OTR keys and trust?")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "(dry run, nothing written)")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "+ fingerprint " + std::string(40, 'b') + " of bob for example (prpl-irc) (verified)")) << dialogs;
    EXPECT_EQ(otr_files(), before);
    EXPECT_EQ(before.size(), 1u);
}

TEST(PidginHarness, ImportApplyWritesPidginsFiles) {
    Homes h;
    std::string dialogs = h.harness({"Import from another app…", "Status"},
                                    {"HARNESS_APP=irssi", "HARNESS_FOLDER=" + h.irssi.string(), "HARNESS_CONFIRM=0"});
    EXPECT_TRUE(contains(dialogs, "[formatted] KeySync\nImported")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "wrote " + (h.purple / "otr.private_key").string())) << dialogs;
    EXPECT_TRUE(contains(dialogs, "peer carol CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC smp (account example)")) << dialogs;
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.purple / "otr.private_key").string(),
                             (h.purple / "otr.fingerprints").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "key\texample\tprpl-irc\t")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "key\tme@example.org/Home\tprpl-jabber\t")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "fp\tbob\texample\tprpl-irc\t" + std::string(40, 'b') + "\tmanual")) << dump.out;
}

TEST(PidginHarness, SyncWritesBothWaysAndOffersDetectedApps) {
    Homes h;
    fs::create_directories(h.root / ".irssi");
    fs::copy(h.irssi / "otr", h.root / ".irssi/otr", fs::copy_options::recursive);
    std::string dialogs = h.harness({"Sync with other apps…"}, {"HARNESS_LOCATIONS=irssi", "HARNESS_CONFIRM=0"});
    EXPECT_TRUE(contains(dialogs, "[default locations] irssi\n")) << dialogs;  // detected in $HOME
    EXPECT_TRUE(contains(dialogs, "[formatted] KeySync\nSynced")) << dialogs;
    // irssi keeps only IRC accounts; Pidgin got irssi's.
    EXPECT_TRUE(contains(read_text(h.purple / "otr.private_key"), "(name example)")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "irssi: account me@example.org/Home (prpl-jabber) not written")) << dialogs;
}

TEST(PidginHarness, ExportShowsTheQrCodeAndWritesTheKeystore) {
    Homes h;
    std::string dialogs = h.harness({"Export to ChatSecure…"}, {});
    EXPECT_TRUE(contains(dialogs, "[formatted] KeySync\nExport to ChatSecure\n<img id=\"")) << dialogs;
    EXPECT_TRUE(contains(dialogs, "wrote " + (h.root / "otr_keystore.ofcaes").string() + " (1 key(s), 0 fingerprint(s))")) << dialogs;
    std::string password = scan_qr_code(h.root / "otr_keystore-password.png");
    EXPECT_FALSE(contains(dialogs, password));
    expect_keystore_holds(h.root / "otr_keystore.ofcaes", password, {"me@example.org.privateKey="});
}

TEST(PidginHarness, AConflictIsTheUsersChoice) {
    Homes h;
    // Kopete has a different key for the same account: a conflict.
    fs::path kopete = h.root / "kopete";
    fs::create_directories(kopete);
    libotr_oracle({"gen", (kopete / "privkeys").string(), "me@example.org", "Jabber"});
    std::string mine = read_text(h.purple / "otr.private_key");
    std::string dialogs = h.harness({"Import from another app…"}, {"HARNESS_APP=kopete", "HARNESS_FOLDER=" + kopete.string(), "HARNESS_CONFIRM=0"});
    EXPECT_TRUE(contains(dialogs, "conflict: account me@example.org/Home (prpl-jabber) has different private keys:")) << dialogs;
    EXPECT_EQ(read_text(h.purple / "otr.private_key"), mine);  // "keep Pidgin's keys"
    dialogs = h.harness({"Import from another app…"}, {"HARNESS_APP=kopete", "HARNESS_FOLDER=" + kopete.string(), "HARNESS_CONFIRM=1"});
    EXPECT_TRUE(contains(dialogs, "resolved: kopete's key")) << dialogs;  // "use kopete's keys"
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.purple / "otr.private_key").string(), "-"});
    auto kopete_dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (kopete / "privkeys").string(), "-"});
    std::string kopete_fp = kopete_dump.out.substr(kopete_dump.out.rfind('\t') + 1);
    EXPECT_TRUE(contains(dump.out, "key\tme@example.org/Home\tprpl-jabber\t" + kopete_fp)) << dump.out << kopete_fp;
}

TEST(PidginHarness, ErrorsAreShownNotThrown) {
    Homes h;
    std::string dialogs = h.harness({"Import from another app…"},
                                    {"HARNESS_APP=irssi", "HARNESS_FOLDER=" + (h.root / "nothing").string()});
    EXPECT_TRUE(contains(dialogs, "[message] KeySync\nKeySync could not do that\nirssi:" + (h.root / "nothing").string() +
                                      ": no irssi OTR files found there")) << dialogs;
}

// The dry run is still working when the plugin is unloaded: unloading waits for it, and no dialog
// pops up from a plugin that is gone.
TEST(PidginHarness, UnloadingDuringBackgroundWorkWaitsAndShowsNothingLater) {
    Homes h;
    auto before = read_text(h.purple / "otr.private_key");
    fs::path out = h.root / "dialogs.txt";
    auto r = run_command({env("KEYSYNC_PURPLE_HARNESS"), h.purple.string(), env("KEYSYNC_PIDGIN_PLUGIN_DIR"), "Import from another app…"},
                         client_env({"HARNESS_OUT=" + out.string(), "HOME=" + h.root.path().string(), "HARNESS_APP=irssi",
                                     "HARNESS_FOLDER=" + h.irssi.string(), "HARNESS_UNLOAD_EARLY=1"}));
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_TRUE(contains(r.out, "unloaded=1\ninputs left=0")) << r.out;  // the job's input went with the plugin
    std::string dialogs = read_text(out);
    EXPECT_TRUE(contains(dialogs, "[fields] KeySync\nImport OTR keys from another app")) << dialogs;
    EXPECT_FALSE(contains(dialogs, "[action]")) << dialogs;
    EXPECT_EQ(read_text(h.purple / "otr.private_key"), before);
}

// A source on a hung disk (a FIFO nobody writes yet: opening it blocks) does not freeze Pidgin:
// while the import waits, Status answers and a second import is refused until the first ends.
TEST(PidginHarness, SlowWorkDoesNotFreezePidgin) {
    Homes h;
    fs::path hung = h.root / "hung", out = h.root / "dialogs.txt";
    HungFile disk(hung / "otr/otr.key");
    RunningProgram harness({env("KEYSYNC_PURPLE_HARNESS"), h.purple.string(), env("KEYSYNC_PIDGIN_PLUGIN_DIR"), "Import from another app…"},
                           client_env({"HARNESS_OUT=" + out.string(), "HOME=" + h.root.path().string(), "HARNESS_APP=irssi",
                                       "HARNESS_FOLDER=" + hung.string(), "HARNESS_WHILE_BUSY=Status;Sync with other apps…",
                                       "HARNESS_LOCATIONS=irssi:" + h.irssi.string()}));
    ASSERT_NE(wait_for_text(out, 0, {"KeySync is still busy with the previous command"}), std::string::npos) << harness.output();
    std::string during = read_text(out);
    EXPECT_TRUE(contains(during, "[formatted] KeySync\nOTR keys and trust")) << during;
    EXPECT_FALSE(contains(during, "[action]")) << during;  // the import's dry run has not ended
    disk.answer();  // the disk answers at last
    EXPECT_EQ(harness.wait(), 0) << harness.output();
    EXPECT_TRUE(contains(read_text(out), "otr.key: not a regular file")) << read_text(out);
}

// The real Pidgin 2.14 with the real pidgin-otr 4.0.2, under Xvfb.
TEST(PidginReal, ImportReachesPidginOtrsLiveState) {
    Homes h;
    auto r = h.run_pidgin("import irssi:" + h.irssi.string(), 1);
    ASSERT_TRUE(fs::exists(h.probe)) << r.out << r.err;
    std::string live = read_text(h.probe);
    // The status lines come from pidgin-otr's OtrlUserState after the reload.
    EXPECT_TRUE(contains(live, "pidgin-otr reloaded its keys and fingerprints")) << live;
    EXPECT_TRUE(contains(live, "pidgin-otr's live state:")) << live;
    EXPECT_TRUE(contains(live, "account example (prpl-irc) ")) << live;
    EXPECT_TRUE(contains(live, "account me@example.org/Home (prpl-jabber) ")) << live;
    EXPECT_TRUE(contains(live, "peer bob BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB verified (account example)")) << live;
    EXPECT_TRUE(contains(live, "peer carol CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC smp (account example)")) << live;
    EXPECT_TRUE(contains(live, "peer dave DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD unverified (account example)")) << live;
}

// Unloading KeySync in the real Pidgin right after an import leaves Pidgin running and pidgin-otr
// loaded with the imported state; Pidgin then quits cleanly.
TEST(PidginReal, UnloadingKeySyncLeavesPidginOtrWorking) {
    Homes h;
    auto r = h.run_pidgin("import irssi:" + h.irssi.string() + ";unload", 500);
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    ASSERT_TRUE(fs::exists(h.probe)) << r.out << r.err;
    std::string live = read_text(h.probe);
    EXPECT_TRUE(contains(live, "keysync loaded: no")) << live;
    EXPECT_TRUE(contains(live, "pidgin-otr's live state:")) << live;  // still loaded, still holding the import
    EXPECT_TRUE(contains(live, "peer bob BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB verified (account example)")) << live;
}

// The export dialog in the real Pidgin: a screenshot of the screen (kept as a build artifact)
// shows a QR code that scans to the password of the file written.
TEST(PidginReal, ExportDialogShowsAScannableQrCode) {
    Homes h;
    fs::path cfg = h.pidgin_config();
    fs::path probe = h.root / "probe.txt", shot = fs::path(env("KEYSYNC_ARTIFACTS_DIR")) / "pidgin-export-dialog.png";
    fs::create_directories(shot.parent_path());
    fs::remove(shot);
    std::string pidgin;
    for (const std::string& word : Homes::pidgin(cfg)) pidgin += "'" + word + "' ";
    std::string script = pidgin + "& p=$!; for i in $(seq 150); do [ -f '" + probe.string() +
                         "' ] && break; sleep 0.1; done; sleep 1.5; import -window root '" + shot.string() + "'; wait $p";
    auto r = run_command({"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "/bin/sh", "-c", script},
                         {"KEYSYNC_AUTORUN=export " + h.root.path().string(), "KEYSYNC_AUTOQUIT=3000",
                          "KEYSYNC_PROBE_OUT=" + probe.string(), "HOME=" + h.root.path().string()});
    ASSERT_TRUE(fs::exists(probe)) << r.out << r.err;
    EXPECT_TRUE(contains(read_text(probe), "wrote " + (h.root / "otr_keystore.ofcaes").string())) << read_text(probe);
    ASSERT_TRUE(fs::exists(shot)) << r.err;
    expect_keystore_holds(h.root / "otr_keystore.ofcaes", scan_qr_code(shot), {"me@example.org.privateKey="});
}

}  // namespace keysync::test
