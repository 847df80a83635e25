// The real weechat-headless with the real otr.py (Debian weechat-scripts), as HOSTS.md §5
// proves: KeySync writes otr.py's files, otr.py re-reads them, and its own /otr fingerprint all
// shows the imported trust.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "running_program.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {



// A WeeChat dir with server "example" (irc.example.net, nick alice) and otr.py, and a Pidgin
// home made by libotr where that identity is alice@irc.example.net, with peers of every trust.
struct Homes {
    TempDir root;
    fs::path weechat = root / "weechat", pidgin = root / "purple";
    Homes() {
        // A KeySync installed system-wide (the .deb) must not be autoloaded in place of this build's.
        write_text(weechat / "weechat.conf", "[plugin]\nautoload = \"*,!keysync\"\n");
        fs::create_directories(pidgin);
        libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@irc.example.net", "prpl-irc"});
        libotr_oracle({"writefp", (pidgin / "otr.fingerprints").string()},
               "bob\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'b') + "\tverified\n"
               "carol\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'c') + "\tsmp\n"
               "dave\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'd') + "\t\n");
    }

    // WeeChat's startup commands: log the core buffer at once, server "example", otr.py and KeySync.
    std::string startup() {
        fs::remove(log);
        return "/set logger.file.flush_delay 0;/server add example irc.example.net/6667;"
               "/set irc.server.example.nicks alice;/python load /usr/share/weechat/python/otr.py;"
               "/plugin load " + env("KEYSYNC_WEECHAT_PLUGIN");
    }

    // Starts weechat-headless with otr.py and KeySync loaded, its core buffer logged at once.
    std::unique_ptr<RunningProgram> start_weechat() {
        std::string script = startup() + ";/print keysync-test-started";
        auto program = std::make_unique<RunningProgram>(
            std::vector<std::string>{"/usr/bin/weechat-headless", "--dir", weechat.string(), "-r", script},
            client_env({"HOME=" + root.path().string()}));
        EXPECT_NE(wait_for_text(log, 0, {"keysync-test-started"}), std::string::npos) << program->output();
        return program;
    }

    // Sends COMMAND through WeeChat's FIFO (no waiting for an answer).
    void send(RunningProgram& program, const std::string& command) {
        write_text(weechat / ("weechat_fifo_" + std::to_string(program.pid())), "*" + command + "\n");
    }

    // Sends COMMAND and waits until WeeChat has answered it (a background command: until it is done).
    void type(RunningProgram& program, const std::string& command) {
        std::size_t from = fs::file_size(log);
        std::string mark = "keysync-test-step-" + std::to_string(++steps);
        send(program, command);
        send(program, "/print " + mark);
        ASSERT_NE(wait_for_text(log, from, {mark}), std::string::npos) << command << "\n" << read_text(log);
        wait_for_background_command(log, from, command);
    }

    // Runs COMMANDS one after the other in a live WeeChat; returns the core log.
    std::string run_weechat(const std::vector<std::string>& commands) {
        auto program = start_weechat();
        for (const auto& c : commands) type(*program, c);
        send(*program, "/quit");
        EXPECT_EQ(program->wait(), 0) << program->output();
        return read_text(log);
    }

    fs::path log = weechat / "logs/core.weechat.weechatlog";
    int steps = 0;
};

}  // namespace

TEST(WeechatHost, ImportIsADryRunUntilYes) {
    Homes h;
    std::string log = h.run_weechat({"/keysync import pidgin:" + h.pidgin.string()});
    EXPECT_TRUE(contains(log, "Plugin \"keysync\" loaded")) << log;
    EXPECT_TRUE(contains(log, "keysync: pidgin:" + h.pidgin.string() +
                                  ": account alice@irc.example.net (prpl-irc) is alice@example (prpl-irc) here")) << log;
    EXPECT_TRUE(contains(log, "(dry run, nothing written)")) << log;
    EXPECT_TRUE(contains(log, "+ fingerprint " + std::string(40, 'c') + " of carol@example for alice@example (prpl-irc) (smp)")) << log;
    EXPECT_FALSE(fs::exists(h.weechat / "otr/alice@example.key3"));
}

TEST(WeechatHost, ImportWithYesWarnsThenReloadShowsItInOtrPy) {
    Homes h;
    std::string log = h.run_weechat({"/keysync import pidgin:" + h.pidgin.string() + " -yes", "/otr fingerprint all",
                                     "/keysync reload", "/otr fingerprint all"});
    EXPECT_TRUE(contains(log, "wrote " + (h.weechat / "otr/alice@example.key3").string())) << log;
    EXPECT_TRUE(contains(log, "ends every running OTR session")) << log;  // the user chooses when
    // After the reload otr.py lists every fingerprint with its trust.
    std::size_t reload = log.find("otr.py reloaded its keys and fingerprints");
    ASSERT_NE(reload, std::string::npos) << log;
    std::string after = log.substr(reload);
    EXPECT_TRUE(contains(after, "bob@example   |alice@example |BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB |verified")) << after;
    EXPECT_TRUE(contains(after, "carol@example |alice@example |CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC CCCCCCCC |SMP verified")) << after;
    EXPECT_TRUE(contains(after, "dave@example  |alice@example |DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD |unverified")) << after;
    // The key otr.py loads is the key libotr made.
    auto r = run_command({"/usr/bin/python3", env("KEYSYNC_TOOLS_DIR") + "/potr_oracle.py", "fingerprint",
                          (h.weechat / "otr/alice@example.key3").string()});
    EXPECT_EQ(r.status, 0) << r.err;
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.pidgin / "otr.private_key").string(), "-"});
    std::string fp = r.out.substr(0, 40);
    std::string human;
    for (std::size_t i = 0; i < 40; i += 8) human += (i ? " " : "") + fp.substr(i, 8);
    for (char& c : human) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(contains(dump.out, human)) << dump.out << human;
}

// A Pidgin home with an XMPP identity and a verified peer (otr.py's IRC keys alone are nothing
// ChatSecure can hold).
fs::path xmpp_home(Homes& h) {
    fs::path xmpp = h.root / "xmpp";
    fs::create_directories(xmpp);
    libotr_oracle({"gen", (xmpp / "otr.private_key").string(), "alice@jabber.example/Home", "prpl-jabber"});
    libotr_oracle({"writefp", (xmpp / "otr.fingerprints").string()},
                  "bob@jabber.example\talice@jabber.example/Home\tprpl-jabber\t" + std::string(40, 'e') + "\tverified\n");
    return xmpp;
}

// The password scanned off the QR code opens the keystore, which holds the XMPP identity.
void expect_keystore_opens_with(const fs::path& keystore, const std::string& password) {
    expect_keystore_holds(keystore, password,
                          {"alice@jabber.example.privateKey=", "bob@jabber.example." + std::string(40, 'e') + ".publicKey.verified=true"});
}

TEST(WeechatHost, ExportChatSecureWithAnXmppHomeShowsAScannableQrCode) {
    Homes h;
    fs::path xmpp = xmpp_home(h);
    fs::path out = h.root / "export";
    std::string log = h.run_weechat({"/keysync import pidgin:" + h.pidgin.string() + " -yes", "/keysync export-chatsecure",
                                     "/keysync export-chatsecure " + out.string() + " pidgin:" + xmpp.string()});
    // otr.py's IRC keys alone are nothing ChatSecure can hold.
    EXPECT_TRUE(contains(log, "keysync: export-chatsecure failed: nothing to export: ChatSecure holds XMPP accounts and contacts")) << log;
    EXPECT_TRUE(contains(log, "keysync: ! chatsecure: account alice@example (prpl-irc) not written: ChatSecure has only XMPP accounts")) << log;
    EXPECT_TRUE(contains(log, "keysync: wrote " + (out / "otr_keystore.ofcaes").string() + " (1 key(s), 1 fingerprint(s))")) << log;
    std::string art = art_from_log(log, "keysync: ");
    terminal_art_to_pbm(art, h.root / "qr.pbm");
    expect_keystore_opens_with(out / "otr_keystore.ofcaes", scan_qr_code(h.root / "qr.pbm"));
}

// The same export in WeeChat in a real terminal: the screenshot (a build artifact, and the
// README's picture) shows a QR code a phone can scan.
TEST(WeechatHost, ExportQrCodeScansOffAScreenshotOfTheTerminal) {
    Homes h;
    fs::path xmpp = xmpp_home(h), out = h.root / "export", shot = fs::path(env("KEYSYNC_ARTIFACTS_DIR")) / "weechat-export.png";
    std::string commands = h.startup() + ";/keysync export-chatsecure " + out.string() + " pidgin:" + xmpp.string();
    std::vector<std::string> weechat{"/usr/bin/env"};
    for (const std::string& e : client_env({"HOME=" + h.root.path().string()})) weechat.push_back(e);
    weechat.insert(weechat.end(), {"/usr/bin/weechat", "--dir", h.weechat.string(), "-r", commands});
    screenshot_terminal(weechat, h.log, "keysync: export-chatsecure done", shot);
    expect_keystore_opens_with(out / "otr_keystore.ofcaes", scan_qr_code(shot));
}

TEST(WeechatHost, StatusSyncHelpAndErrors) {
    Homes h;
    std::string log = h.run_weechat({"/keysync sync pidgin:" + h.pidgin.string() + " -yes -reload", "/keysync status",
                                     "/help keysync", "/keysync bogus", "/keysync import nosuchapp", "/keysync status"});
    EXPECT_TRUE(contains(log, "keysync: peer bob@example BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB BBBBBBBB verified (account alice@example)")) << log;
    EXPECT_TRUE(contains(log, "[keysync]  /keysync  status")) << log;
    EXPECT_TRUE(contains(log, "import <app>[:<dir>] [-yes [-reload]]")) << log;
    EXPECT_TRUE(contains(log, "keysync: unknown sub-command \"bogus\"")) << log;
    EXPECT_TRUE(contains(log, "keysync: unknown app \"nosuchapp\"")) << log;
    // Pidgin got nothing new back (the same identity, under its own name), and is still readable by libotr.
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (h.pidgin / "otr.private_key").string(),
                             (h.pidgin / "otr.fingerprints").string()});
    EXPECT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "fp\tbob\talice@irc.example.net\tprpl-irc\t" + std::string(40, 'b') + "\tverified")) << dump.out;
    EXPECT_FALSE(contains(dump.out, "@example\t")) << dump.out;
}

// A source on a hung disk (a FIFO nobody writes yet: opening it blocks) does not freeze WeeChat:
// while the import waits, WeeChat answers, and a second KeySync command is refused until the
// first has ended.
TEST(WeechatHost, SlowWorkDoesNotFreezeWeechat) {
    Homes h;
    fs::path hung = h.root / "hung";
    HungFile disk(hung / "otr.private_key");
    auto weechat = h.start_weechat();
    h.send(*weechat, "/keysync import pidgin:" + hung.string());
    ASSERT_NE(wait_for_text(h.log, 0, {"keysync: import: working on it"}), std::string::npos) << read_text(h.log);
    h.type(*weechat, "/keysync status");
    h.type(*weechat, "/keysync sync pidgin:" + h.pidgin.string());
    std::string during = read_text(h.log);
    EXPECT_TRUE(contains(during, "KeySync is still busy with the previous command")) << during;
    EXPECT_FALSE(contains(during, "keysync: import done")) << during;
    disk.answer();  // the disk answers at last
    EXPECT_NE(wait_for_text(h.log, 0, {"import failed: "}), std::string::npos) << read_text(h.log);
    EXPECT_TRUE(contains(read_text(h.log), "otr.private_key: not a regular file")) << read_text(h.log);
    h.type(*weechat, "/keysync import pidgin:" + h.pidgin.string());  // the next command works again
    EXPECT_TRUE(contains(read_text(h.log), "keysync: import done")) << read_text(h.log);
    h.send(*weechat, "/quit");
    EXPECT_EQ(weechat->wait(), 0) << weechat->output();
}

}  // namespace keysync::test
