// End to end: four locations made by the real libotr and the real python3-potr are synced by
// the keysync command; afterwards every peer is verified everywhere it was verified anywhere
// (where that app can hold it), and libotr and potr read the results.
#include <gtest/gtest.h>

#include <cstdlib>

#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {


std::string fp(char c) { return std::string(40, c); }

struct Locations {
    TempDir root;
    fs::path pidgin = root / "purple", irssi = root / "irssi", gajim = root / "gajim", weechat = root / "weechat",
             jitsi = root / "jitsi";
    std::vector<std::string> specs() const {
        return {"pidgin:" + pidgin.string(), "irssi:" + irssi.string(), "gajim:" + gajim.string(),
                "weechat:" + weechat.string(), "jitsi:" + jitsi.string()};
    }
    Locations() {
        fs::create_directories(pidgin);
        fs::create_directories(irssi / "otr");
        fs::create_directories(gajim);
        fs::create_directories(weechat / "otr");
        // Pidgin (libotr): an XMPP identity; bob verified, carol not.
        libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@example.org/Home", "prpl-jabber"});
        libotr_oracle({"writefp", (pidgin / "otr.fingerprints").string()},
               "bob@example.org\talice@example.org/Home\tprpl-jabber\t" + fp('b') + "\tverified\n"
               "carol@example.org\talice@example.org/Home\tprpl-jabber\t" + fp('c') + "\t\n");
        // irssi (libotr): the IRC identity on network "libera" (Pidgin would say alice@irc.libera.chat).
        libotr_oracle({"gen", (irssi / "otr/otr.key").string(), "libera", "IRC"});
        libotr_oracle({"writefp", (irssi / "otr/otr.fp").string()},
               "dave\tlibera\tIRC\t" + fp('d') + "\tmanual\n"
               "erin\tlibera\tIRC\t" + fp('e') + "\tsmp\n");
        // Gajim (potr): a work XMPP account; it has carol verified (Pidgin does not).
        write_text(gajim / "config", "accounts.work.name = alice\naccounts.work.hostname = example.org\n");
        potr_oracle({"gen", (gajim / "work.key3").string()});
        fs::remove(gajim / "work.key3");  // the work account is alice@example.org too: give it Pidgin's key
        write_text(gajim / "work.fpr",
                   "carol@example.org\talice@example.org\txmpp\t" + fp('c') + "\tverified\n"
                   "frank@example.org\talice@example.org\txmpp\t" + fp('f') + "\tsmp\n");
        // WeeChat (potr): otr.py's name for the libera identity is alice@libera; dave unverified there.
        write_text(weechat / "otr/alice@libera.fpr", "dave\talice@libera\tirc\t" + fp('d') + "\t\n");
        potr_oracle({"gen", (weechat / "otr/alice@oftc.key3").string()});
        // Jitsi: the same XMPP account, no OTR key yet, and other settings that must survive.
        write_text(jitsi / "sip-communicator.properties",
                   "net.java.sip.communicator.impl.protocol.jabber.acc1.ACCOUNT_UID=Jabber\\:alice@example.org@example.org\n"
                   "net.java.sip.communicator.impl.gui.main.chat.CHAT_WINDOW_WIDTH=640\n");
    }
};

}  // namespace

TEST(SyncEndToEnd, FourLocationsEndUpWithEveryKeyAndTheHighestTrust) {
    Locations l;
    std::vector<std::string> args{"sync"};
    for (const auto& s : l.specs()) args.push_back(s);
    args.insert(args.end(), {"--map", "irssi:libera=alice@irc.libera.chat", "--map", "weechat:alice@libera=alice@irc.libera.chat"});
    auto dry = args;
    dry.push_back("--dry-run");
    auto before = tree_checksums(l.root.path());
    auto r = run_keysync(dry);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(tree_checksums(l.root.path()), before);  // a dry run writes nothing
    r = run_keysync(args);
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "irssi:" + l.irssi.string() + ": account libera (prpl-irc) is alice@irc.libera.chat (prpl-irc) here")) << r.out;

    // Trust: verified or SMP anywhere is trusted everywhere the app holds that peer.
    KeyStore pidgin = find_app("pidgin")->read(l.pidgin), irssi = find_app("irssi")->read(l.irssi),
             gajim = find_app("gajim")->read(l.gajim), weechat = find_app("weechat")->read(l.weechat);
    auto trust_of = [](const KeyStore& s, const std::string& peer, const std::string& f) {
        for (const PeerFingerprint& p : s.peers)
            if (p.peer == peer && p.fingerprint.hex() == f) return std::string(to_string(p.trust.level));
        return std::string("absent");
    };
    EXPECT_EQ(trust_of(pidgin, "carol@example.org", fp('c')), "verified");  // from Gajim
    EXPECT_EQ(trust_of(pidgin, "frank@example.org", fp('f')), "smp");       // from Gajim
    EXPECT_EQ(trust_of(pidgin, "dave", fp('d')), "verified");               // from irssi, under Pidgin's IRC name
    EXPECT_EQ(trust_of(gajim, "bob@example.org", fp('b')), "verified");     // from Pidgin
    EXPECT_EQ(trust_of(weechat, "dave", fp('d')), "verified");              // irssi's manual trust wins over ''
    EXPECT_EQ(trust_of(weechat, "erin", fp('e')), "smp");
    EXPECT_EQ(trust_of(irssi, "dave", fp('d')), "verified");
    EXPECT_EQ(trust_of(irssi, "bob@example.org", fp('b')), "absent");       // irssi holds IRC only
    KeyStore jitsi = find_app("jitsi")->read(l.jitsi);
    // otr4j: verified or not. Jitsi stores contacts under mangled names; with no contactlist.xml
    // entry that is all it gives back, and the merge matches it to the real names.
    EXPECT_EQ(trust_of(jitsi, "carol_example_org", fp('c')), "verified");
    EXPECT_EQ(trust_of(jitsi, "frank_example_org", fp('f')), "verified");
    EXPECT_TRUE(jitsi.find_account({"prpl-jabber", "alice@example.org", std::nullopt})->key.same_public(
        pidgin.find_account({"prpl-jabber", "alice@example.org", std::nullopt})->key));
    EXPECT_TRUE(contains(read_text(l.jitsi / "sip-communicator.properties"), "CHAT_WINDOW_WIDTH=640\n"));
    // Keys: Pidgin has all four identities; Gajim its configured one; irssi and WeeChat the IRC ones.
    EXPECT_EQ(pidgin.accounts.size(), 3u);
    EXPECT_NE(pidgin.find_account({"prpl-irc", "alice@irc.libera.chat", std::nullopt}), nullptr);
    EXPECT_NE(pidgin.find_account({"prpl-irc", "alice@oftc", std::nullopt}), nullptr);
    EXPECT_TRUE(gajim.find_account({"prpl-jabber", "alice@example.org", std::nullopt})->key.same_public(
        pidgin.find_account({"prpl-jabber", "alice@example.org", std::nullopt})->key));
    EXPECT_TRUE(fs::exists(l.weechat / "otr/alice@libera.key3"));  // irssi's key under otr.py's name
    EXPECT_NE(irssi.find_account({"prpl-irc", "libera", std::nullopt}), nullptr);

    // The real libotr reads Pidgin's and irssi's files; the real potr reads Gajim's and WeeChat's.
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (l.pidgin / "otr.private_key").string(), (l.pidgin / "otr.fingerprints").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "fp\tcarol@example.org\talice@example.org/Home\tprpl-jabber\t" + fp('c') + "\tverified")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "key\talice@irc.libera.chat\tprpl-irc\t")) << dump.out;
    dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (l.irssi / "otr/otr.key").string(), (l.irssi / "otr/otr.fp").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "fp\terin\tlibera\tIRC\t" + fp('e') + "\tsmp")) << dump.out;
    std::string irssi_fp = irssi.find_account({"prpl-irc", "libera", std::nullopt})->key.fingerprint().hex();
    EXPECT_EQ(potr_oracle({"fingerprint", (l.weechat / "otr/alice@libera.key3").string()}), irssi_fp + "\n");
    EXPECT_EQ(potr_oracle({"fingerprint", (l.gajim / "work.key3").string()}),
              pidgin.find_account({"prpl-jabber", "alice@example.org", std::nullopt})->key.fingerprint().hex() + "\n");
    EXPECT_TRUE(contains(potr_oracle({"trusts", (l.gajim / "work.fpr").string(), "alice@example.org", "xmpp"}),
                         "bob@example.org " + fp('b') + " verified")) << "gajim";

    // Idempotent: a second sync changes nothing anywhere.
    auto after = tree_checksums(l.root.path());
    r = run_keysync(args);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(tree_checksums(l.root.path()), after);
    for (const auto& spec : l.specs()) EXPECT_TRUE(contains(r.out, spec + ":\n  ")) << r.out;
    EXPECT_FALSE(contains(r.out, "wrote ")) << r.out;
}

// ChatSecure and Jitsi keep a contact's fingerprint for any account, trusted when any account
// trusts it, and ChatSecure keeps Bonjour contacts as XMPP ones. What they will hold comes back
// at the next sync, so the first sync already gives the other locations that: the second changes
// nothing anywhere.
TEST(SyncEndToEnd, ContactsOfAnyAccountSettleInTheFirstSync) {
    TempDir root;
    fs::path pidgin = root / "purple", jitsi = root / "jitsi", chatsecure = root / "chatsecure";
    fs::create_directories(pidgin);
    fs::create_directories(jitsi);
    libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@example.org/Home", "prpl-jabber"});
    libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@work.example/Desk", "prpl-jabber"});
    libotr_oracle({"gen", (pidgin / "otr.private_key").string(), "alice@laptop", "prpl-bonjour"});
    // bob verified by the home account only; carol's fingerprint trusted nowhere; dave on Bonjour.
    libotr_oracle({"writefp", (pidgin / "otr.fingerprints").string()},
                  "bob@example.org\talice@example.org/Home\tprpl-jabber\t" + fp('b') + "\tverified\n"
                  "bob@example.org\talice@work.example/Desk\tprpl-jabber\t" + fp('b') + "\t\n"
                  "carol@example.org\talice@work.example/Desk\tprpl-jabber\t" + fp('c') + "\t\n"
                  "dave@desktop\talice@laptop\tprpl-bonjour\t" + fp('d') + "\tverified\n");
    write_text(jitsi / "sip-communicator.properties",
               "net.java.sip.communicator.impl.protocol.jabber.acc1.ACCOUNT_UID=Jabber\\:alice@example.org@example.org\n");
    std::vector<std::string> args{"sync", "pidgin:" + pidgin.string(), "jitsi:" + jitsi.string(), "chatsecure:" + chatsecure.string()};
    auto r = run_keysync(args);
    ASSERT_EQ(r.status, 0) << r.err << r.out;

    // What the next sync would have brought back is there already: bob verified for both accounts.
    auto dump = run_command({env("KEYSYNC_LIBOTR_ORACLE"), "dump", (pidgin / "otr.private_key").string(), (pidgin / "otr.fingerprints").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_TRUE(contains(dump.out, "fp\tbob@example.org\talice@work.example/Desk\tprpl-jabber\t" + fp('b') + "\tverified")) << dump.out;
    EXPECT_TRUE(contains(dump.out, "fp\tcarol@example.org\talice@work.example/Desk\tprpl-jabber\t" + fp('c') + "\t\n")) << dump.out;

    auto after = tree_checksums(root.path());
    r = run_keysync(args);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(tree_checksums(root.path()), after) << r.out;
    EXPECT_FALSE(contains(r.out, "wrote ")) << r.out;
}

TEST(SyncEndToEnd, ConflictBlocksOnlyItsAccountUntilPrefer) {
    Locations l;
    // Gajim gets its own key for alice@example.org: now Pidgin and Gajim disagree.
    potr_oracle({"gen", (l.gajim / "work.key3").string()});
    std::string pidgin_keys = read_text(l.pidgin / "otr.private_key"), gajim_key = read_text(l.gajim / "work.key3");
    auto r = run_keysync({"sync", "pidgin:" + l.pidgin.string(), "gajim:" + l.gajim.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "conflict: account alice@example.org/Home (prpl-jabber) has different private keys:")) << r.out;
    EXPECT_TRUE(contains(r.out, "not written anywhere")) << r.out;
    EXPECT_EQ(read_text(l.gajim / "work.key3"), gajim_key);  // each keeps its own key...
    EXPECT_TRUE(contains(read_text(l.pidgin / "otr.fingerprints"), "frank@example.org"));  // ...but peers still flow
    r = run_keysync({"sync", "pidgin:" + l.pidgin.string(), "gajim:" + l.gajim.string(), "--prefer", "pidgin"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(contains(r.out, "resolved: pidgin's key")) << r.out;
    EXPECT_TRUE(contains(r.out, "~ key " + find_app("pidgin")->read(l.pidgin).accounts.at(0).key.fingerprint().hex() +
                                    " for account alice@example.org/Home (prpl-jabber) in place of the one it had"))
        << r.out;  // Gajim's only change: its key
    EXPECT_EQ(potr_oracle({"fingerprint", (l.gajim / "work.key3").string()}),
              find_app("pidgin")->read(l.pidgin).accounts.at(0).key.fingerprint().hex() + "\n");
    // The replaced key is kept; restore puts it back byte for byte.
    r = run_keysync({"restore", "gajim:" + l.gajim.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(read_text(l.gajim / "work.key3"), gajim_key);
}

// A location that already holds everything it would be given keeps its files as its app wrote
// them, even where KeySync lays them out otherwise: Jitsi's own file (its keys not in order),
// synced with a Kopete that gets all of it, is not rewritten and gets no backup.
TEST(SyncEndToEnd, ALocationHoldingEverythingKeepsTheFileItsAppWrote) {
    TempDir root;
    fs::path jitsi = root / "jitsi", kopete = root / "kopete";
    fs::copy(fixture("jitsi"), jitsi, fs::copy_options::recursive);
    fs::create_directories(kopete);
    const fs::path properties = jitsi / "sip-communicator.properties";
    {  // what KeySync's own layout of the same content would be: other bytes
        const App& app = *find_app("jitsi");
        StagedFiles own_layout(app.plan_write(app.read(jitsi), jitsi).files);
        ASSERT_EQ(own_layout.changed_files(), std::vector<fs::path>{properties});
    }
    const std::string before = read_text(properties);
    auto r = run_keysync({"sync", "jitsi:" + jitsi.string(), "kopete:" + kopete.string()});
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    EXPECT_TRUE(contains(r.out, "wrote " + (kopete / "fingerprints").string())) << r.out;
    EXPECT_FALSE(find_app("kopete")->read(kopete).peers.empty());
    EXPECT_EQ(read_text(properties), before);
    EXPECT_TRUE(list_backups(properties).empty());
    EXPECT_TRUE(contains(r.out, "jitsi:" + jitsi.string() + ":\n  no changes\n")) << r.out;
}

}  // namespace keysync::test
