// The real irssi with the real OTR module (Debian irssi-plugin-otr), run in a pty as HOSTS.md §4
// proves: the KeySync module is loaded, its commands run, and the window log and the OTR
// module's live state are checked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "running_program.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {



// An irssi home with network "example" (nick alice at irc.example.net) and its own key, and a
// Pidgin home made by libotr holding alice's IRC key (Pidgin names it alice@irc.example.net)
// with peers of every trust.
struct Homes {
    TempDir root;
    fs::path irssi = root / "irssi", pidgin = root / "purple";
    Homes() {
        fs::create_directories(irssi / "otr");
        fs::create_directories(pidgin);
        libotr_oracle({"gen", (irssi / "otr/otr.key").string(), "other", "IRC"});
        libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@irc.example.net", "prpl-irc"});
        libotr_oracle({"writefp", (pidgin / "otr.fingerprints").string()},
               "bob\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'b') + "\tverified\n"
               "carol\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'c') + "\tsmp\n"
               "dave\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'd') + "\t\n");
        write_text(irssi / "config",
                   "chatnets = { example = { type = \"IRC\"; nick = \"alice\"; }; };\n"
                   "servers = ( { address = \"irc.example.net\"; chatnet = \"example\"; port = \"6667\"; } );\n");
    }

    // irssi's startup commands: log the window, load the OTR module and KeySync, then COMMANDS.
    void write_startup(const std::string& commands) {
        fs::remove(log);
        write_text(irssi / "startup", "/window log on " + log.string() + "\n/set help_path /usr/share/irssi/help:" +
                                          env("KEYSYNC_IRSSI_HELP_DIR") + "\n/load otr\n/load " + env("KEYSYNC_IRSSI_MODULE") +
                                          "\n" + commands);
    }

    // Starts irssi in a pty with the OTR module and KeySync loaded, its window logged.
    std::unique_ptr<RunningProgram> start_irssi(std::vector<std::string> env = {}) {
        write_startup("");
        env.push_back("TERM=xterm");
        auto program = std::make_unique<RunningProgram>(
            std::vector<std::string>{"/usr/bin/script", "-qec", "irssi --home=" + irssi.string() + " --noconnect", "/dev/null"},
            client_env(env));
        EXPECT_NE(wait_for_text(log, 0, {"Loaded module keysync/core", "rror"}), std::string::npos) << program->output();
        return program;
    }

    // Types COMMAND into irssi and waits until irssi has answered it: KeySync's background
    // commands say "done" or "failed" when their work has ended.
    void type(RunningProgram& program, const std::string& command) {
        std::size_t from = fs::exists(log) ? fs::file_size(log) : 0;
        std::string mark = "keysync-test-step-" + std::to_string(++steps);
        program.type(command + "\r/echo " + mark + "\r");
        ASSERT_NE(wait_for_text(log, from, {mark}), std::string::npos) << command << "\n" << read_text(log);
        wait_for_background_command(log, from, command);
    }

    // Runs irssi with these commands typed one after the other; returns the window log.
    std::string run_irssi(const std::vector<std::string>& commands) {
        auto program = start_irssi();
        for (const auto& c : commands) type(*program, c);
        program->type("/quit\r");
        EXPECT_EQ(program->wait(), 0) << program->output();
        return read_text(log);
    }

    fs::path log = root / "window.log";
    int steps = 0;
};

}  // namespace

TEST(IrssiHost, StatusShowsTheLiveState) {
    Homes h;
    std::string log = h.run_irssi({"/keysync status"});
    EXPECT_TRUE(contains(log, "Loaded module keysync/core")) << log;
    EXPECT_TRUE(contains(log, "keysync: account other (prpl-irc) ")) << log;
}

TEST(IrssiHost, ImportIsADryRunUntilYes) {
    Homes h;
    auto before_pidgin = tree_checksums(h.pidgin), before_otr = tree_checksums(h.irssi / "otr");
    std::string log = h.run_irssi({"/keysync import pidgin:" + h.pidgin.string()});
    EXPECT_TRUE(contains(log, "pidgin:" + h.pidgin.string() + ": account alice@irc.example.net (prpl-irc) is example (prpl-irc) here")) << log;
    EXPECT_TRUE(contains(log, "(dry run, nothing written)")) << log;
    EXPECT_TRUE(contains(log, "+ fingerprint " + std::string(40, 'b') + " of bob for example (prpl-irc) (verified)")) << log;
    EXPECT_TRUE(contains(log, "to apply: /keysync import ... -yes")) << log;
    EXPECT_EQ(tree_checksums(h.pidgin), before_pidgin);
    EXPECT_EQ(tree_checksums(h.irssi / "otr"), before_otr);
}

TEST(IrssiHost, ImportWithYesReachesTheLiveState) {
    Homes h;
    std::string log = h.run_irssi({"/keysync import pidgin:" + h.pidgin.string() + " -yes", "/keysync status", "/otr contexts"});
    EXPECT_TRUE(contains(log, "wrote " + (h.irssi / "otr/otr.key").string() + " (previous file kept as otr.key.")) << log;
    EXPECT_TRUE(contains(log, "irssi's OTR module reloaded its keys and fingerprints")) << log;
    // /keysync status reads the OTR module's live state after the reload.
    EXPECT_TRUE(contains(log, "keysync: account example (prpl-irc) ")) << log;
    EXPECT_TRUE(contains(log, "keysync: account other (prpl-irc) ")) << log;
    EXPECT_TRUE(contains(log, "keysync: peer bob BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB verified (account example)")) << log;
    EXPECT_TRUE(contains(log, "keysync: peer carol CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC smp (account example)")) << log;
    EXPECT_TRUE(contains(log, "keysync: peer dave DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD unverified (account example)")) << log;
    // ... and so does the OTR module's own /otr contexts.
    EXPECT_TRUE(contains(log, "example - bob")) << log;
    EXPECT_TRUE(contains(log, "BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB (Manual)")) << log;
    EXPECT_TRUE(contains(log, "CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC (SMP)")) << log;
    // The real libotr reads the files irssi now has.
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.irssi / "otr/otr.key").string(), (h.irssi / "otr/otr.fp").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "fp\tbob\texample\tIRC\t" + std::string(40, 'b') + "\tverified")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "key\texample\tIRC\t")) << dump.out;
}

TEST(IrssiHost, SyncWritesBackToPidginUnderItsOwnName) {
    Homes h;
    std::string log = h.run_irssi({"/keysync sync pidgin:" + h.pidgin.string() + " -yes"});
    // irssi's "other" network key has no Pidgin name: Pidgin gets it as irssi names it, and the
    // "example" key goes back under alice@irc.example.net (unchanged there).
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.pidgin / "otr.private_key").string(), "-"});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "key\talice@irc.example.net\tprpl-irc\t")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "key\tother\tprpl-irc\t")) << dump.out << log;
    EXPECT_FALSE(contains(dump.out, "key\texample\t")) << dump.out;
}

// An irssi live state with an XMPP key (ChatSecure holds XMPP only; libotr loads every account of
// otr.key, whatever its protocol) and a verified XMPP peer.
void add_xmpp_identity(Homes& h) {
    libotr_oracle({"gen", (h.irssi / "otr/otr.key").string(), "alice@jabber.example", "prpl-jabber"});
    libotr_oracle({"writefp", (h.irssi / "otr/otr.fp").string()},
                  "bob@jabber.example\talice@jabber.example\tprpl-jabber\t" + std::string(40, 'e') + "\tsmp\n");
}

// The password scanned off the QR code opens the keystore, which holds the XMPP identity.
void expect_keystore_opens_with(const fs::path& keystore, const std::string& password) {
    expect_keystore_holds(keystore, password,
                          {"alice@jabber.example.privateKey=", "bob@jabber.example." + std::string(40, 'e') + ".publicKey.verified=true"});
}

// ChatSecure holds XMPP only: give irssi's live state an XMPP key too (libotr loads every account
// of otr.key, whatever its protocol), export, and read the QR code back off the irssi window.
TEST(IrssiHost, ExportChatSecureShowsAScannableQrCodeAndWritesTheFile) {
    Homes h;
    add_xmpp_identity(h);
    fs::path out = h.root / "export";
    std::string log = h.run_irssi({"/keysync export-chatsecure " + out.string()});
    EXPECT_TRUE(contains(log, "keysync: wrote " + (out / "otr_keystore.ofcaes").string() + " (1 key(s), 1 fingerprint(s))")) << log;
    EXPECT_TRUE(contains(log, "no Android phone found over USB (MTP)")) << log;
    std::string art = art_from_log(log, "keysync: ");
    ASSERT_FALSE(art.empty()) << log;
    terminal_art_to_pbm(art, h.root / "qr.pbm");
    std::string password = scan_qr_code(h.root / "qr.pbm");
    EXPECT_EQ(scan_qr_code(out / "otr_keystore-password.png"), password);
    expect_keystore_opens_with(out / "otr_keystore.ofcaes", password);
    EXPECT_FALSE(contains(log, password));
}

// The same export in a real terminal: irssi in xterm; the screenshot (a build artifact, and the
// README's picture) shows a QR code a phone can scan.
TEST(IrssiHost, ExportQrCodeScansOffAScreenshotOfTheTerminal) {
    Homes h;
    add_xmpp_identity(h);
    fs::path out = h.root / "export", shot = fs::path(env("KEYSYNC_ARTIFACTS_DIR")) / "irssi-export.png";
    h.write_startup("/keysync export-chatsecure " + out.string() + "\n");
    std::vector<std::string> irssi{"/usr/bin/env"};
    for (const std::string& e : client_env({"TERM=xterm"})) irssi.push_back(e);
    irssi.insert(irssi.end(), {"irssi", "--noconnect", "--home=" + h.irssi.string()});
    screenshot_terminal(irssi, h.log, "keysync: export-chatsecure done", shot);
    expect_keystore_opens_with(out / "otr_keystore.ofcaes", scan_qr_code(shot));
}

TEST(IrssiHost, HelpAndErrorsInTheWindowNeverACrash) {
    Homes h;
    std::string log = h.run_irssi({"/help keysync", "/keysync bogus", "/keysync import nosuchapp", "/keysync import pidgin:/nonexistent -yes", "/keysync status"});
    EXPECT_TRUE(contains(log, "KEYSYNC [status|import|sync|export-chatsecure]")) << log;
    EXPECT_TRUE(contains(log, "keysync: error: unknown sub-command \"bogus\"")) << log;
    EXPECT_TRUE(contains(log, "keysync: error: unknown app \"nosuchapp\"")) << log;
    EXPECT_TRUE(contains(log, "keysync: error: import failed: pidgin:/nonexistent: no pidgin OTR files found there")) << log;
    EXPECT_TRUE(contains(log, "keysync: account other (prpl-irc)")) << log;  // still alive afterwards
    EXPECT_TRUE(contains(log, "Unloaded module keysync/core")) << log;
}

// A source on a hung disk (here a FIFO nobody writes yet: opening it blocks) must not freeze
// irssi: while the import waits, irssi answers, and a second KeySync command is refused until
// the first has ended.
TEST(IrssiHost, SlowWorkDoesNotFreezeIrssi) {
    Homes h;
    fs::path hung = h.root / "hung";
    HungFile disk(hung / "otr.private_key");
    write_text(hung / "otr.fingerprints", "");
    auto irssi = h.start_irssi();
    irssi->type("/keysync import pidgin:" + hung.string() + "\r");
    ASSERT_NE(wait_for_text(h.log, 0, {"keysync: import: working on it"}), std::string::npos) << read_text(h.log);
    h.type(*irssi, "/keysync status");  // answered at once, from the live state
    h.type(*irssi, "/keysync sync pidgin:" + h.pidgin.string() + " -yes");
    std::string during = read_text(h.log);
    EXPECT_TRUE(contains(during, "keysync: account other (prpl-irc)")) << during;
    EXPECT_TRUE(contains(during, "keysync: error: KeySync is still busy with the previous command")) << during;
    EXPECT_FALSE(contains(during, "keysync: import done")) << during;
    disk.answer();  // the disk answers at last
    EXPECT_NE(wait_for_text(h.log, 0, {"keysync: error: import failed: "}), std::string::npos) << read_text(h.log);
    EXPECT_TRUE(contains(read_text(h.log), "otr.private_key: not a regular file")) << read_text(h.log);
    h.type(*irssi, "/keysync import pidgin:" + h.pidgin.string());  // the next command works again
    EXPECT_TRUE(contains(read_text(h.log), "keysync: import done")) << read_text(h.log);
    irssi->type("/quit\r");
    EXPECT_EQ(irssi->wait(), 0) << irssi->output();
}

// In a German locale the module speaks German (po/de.po), inside irssi's process.
TEST(IrssiHost, SpeaksTheUsersLanguage) {
    Homes h;
    auto irssi = h.start_irssi({"LC_ALL=de_DE.UTF-8", "KEYSYNC_LOCALEDIR=" + env("KEYSYNC_BUILD_LOCALEDIR")});
    h.type(*irssi, "/keysync bogus");
    h.type(*irssi, "/keysync import pidgin:" + h.pidgin.string());
    irssi->type("/quit\r");
    EXPECT_EQ(irssi->wait(), 0) << irssi->output();
    std::string log = read_text(h.log);
    EXPECT_TRUE(contains(log, "keysync: Fehler: unbekannter Unterbefehl „bogus“; siehe /help keysync")) << log;
    EXPECT_TRUE(contains(log, "(Probelauf, nichts geschrieben)")) << log;
    EXPECT_TRUE(contains(log, "keysync: import fertig")) << log;
}

}  // namespace keysync::test
