#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "apps/jitsi_contacts.hpp"
#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/formats/dsa_der.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/location_update.hpp"
#include "keysync/merge.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {
std::string without_otr_lines(const std::string& text) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos + 1);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (line.find("net.java.sip.communicator.plugin.otr.") == std::string::npos) out += line;
    }
    return out;
}

// The Jitsi sample copied into TMP, writable; a store of its accounts.
KeyStore store_with_the_fixtures_accounts(const test::TempDir& tmp) {
    fs::copy(test::fixture("jitsi"), tmp.path(), fs::copy_options::recursive);
    fs::permissions(tmp / "sip-communicator.properties", fs::perms::owner_read | fs::perms::owner_write);
    KeyStore store;
    store.accounts = find_app("jitsi")->read(tmp.path()).accounts;
    return store;
}
}  // namespace

TEST(Jitsi, MangleAsJitsiDoes) {
    EXPECT_EQ(jitsi_mangle("Google Talk:guardianproject@gmail.com@talk.google.com"), "Google_Talk_guardianproject_gmail_com_talk_google_com");
    EXPECT_EQ(jitsi_mangle("1337@x.org"), "p1337_x_org");
    EXPECT_EQ(jitsi_mangle("j\xc3\xb6rg@x.de"), "j\xc3\xb6rg_x_de");  // letters stay, in any script
    // Compared in place, it agrees with the mangled name made.
    for (std::string id : {"bob@x.org", "1337@x.org", "j\xc3\xb6rg@x.de", "bad\xff@x", "", "a b", "9"}) {
        std::string mangled = jitsi_mangle(id);
        EXPECT_TRUE(jitsi_mangles_to(id, mangled)) << id;
        EXPECT_FALSE(jitsi_mangles_to(id, mangled + "_")) << id;
        if (!mangled.empty()) {
            EXPECT_FALSE(jitsi_mangles_to(id, mangled.substr(0, mangled.size() - 1) + "Q")) << id;
        }
    }
    EXPECT_FALSE(jitsi_mangles_to("1337@x.org", "q1337_x_org"));
    EXPECT_FALSE(jitsi_mangles_to("j\xc3\xb6rg@x.de", "j\xc3\xb6rg_x_dX"));
}

TEST(Jitsi, FixtureReadsWithTheListedFingerprints) {
    KeyStore s = find_app("jitsi")->read(test::fixture("jitsi"));
    EXPECT_EQ(test::account_summary(s), (std::vector<std::string>{
                                            "gptest@jabber.org prpl-jabber 2ec4bc07e1d3e81a5604e75e00c9b03ebe4b7aea private",
                                            "guardianproject@gmail.com prpl-jabber 9e9448fa7bbf7b236936d2cb4808ae91bb39507b private"}));
    // Jitsi keeps contacts per contact: each is listed once, for any XMPP account ("").
    auto peers = test::peer_summary(s);
    for (std::string expected : {"hans@eds.org  prpl-jabber ff66e8c909c4deb51cbd4a02b9e6af4d6af215f8 verified",
                                 "gptest@limun.org  prpl-jabber 64d5417f685ec59424ade08cd68911873642840c verified",
                                 "hans@guardianproject.info  prpl-jabber df953988f5c05788c0327186d06d3bb4ddaaec7f verified"})
        EXPECT_EQ(std::count(peers.begin(), peers.end(), expected), 1) << expected;
    for (const PeerFingerprint& p : s.peers) EXPECT_TRUE(p.account.is_any()) << p.peer;
}

TEST(Jitsi, WritingKeepsEveryOtherLineAndOnlyJitsisAccounts) {
    test::TempDir tmp;
    fs::copy(test::fixture("jitsi"), tmp.path(), fs::copy_options::recursive);
    fs::permissions(tmp / "sip-communicator.properties", fs::perms::owner_read | fs::perms::owner_write);
    std::string before = test::read_text(tmp / "sip-communicator.properties");
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    WritePlan plan = find_app("jitsi")->plan_write(pidgin, tmp.path());
    bool reported = false;
    for (const auto& n : plan.notes) reported |= n.find("account gptest@limun.org (prpl-jabber) not written: Jitsi has no such account") != std::string::npos;
    EXPECT_TRUE(reported);
    commit_files(plan.files);
    std::string after = test::read_text(tmp / "sip-communicator.properties");
    EXPECT_EQ(without_otr_lines(after), without_otr_lines(before));
    // Unverified for gptest@jabber.org, the only one of the two Pidgin accounts Jitsi has.
    EXPECT_NE(after.find("net.java.sip.communicator.plugin.otr.gptest_jabber_ccc_deA2CD015572D256703E7624840F91209160185410_fingerprint_verified=false"),
              std::string::npos);
    KeyStore back = find_app("jitsi")->read(tmp.path());
    // Jitsi keeps contacts per contact: read back, the contact belongs to any XMPP account.
    EXPECT_NE(back.find_peer("gptest@jabber.ccc.de", AccountId::any("prpl-jabber"),
                             *Fingerprint::parse("a2cd015572d256703e7624840f91209160185410")),
              nullptr);
}

// One contact with thousands of fingerprints, each given twice in no order: Jitsi holds each
// once, in order, verified if either copy is (found side by side, not by a search per entry:
// a hostile file's contact with 100k fingerprints took 4 s to write).
TEST(Jitsi, AContactsThousandsOfFingerprintsAreHeldOnceEachInOrder) {
    test::TempDir tmp;
    KeyStore store = store_with_the_fixtures_accounts(tmp);
    const AccountId account = store.accounts[0].id;
    constexpr int kFingerprints = 3000;
    auto fp = [](int n) { return test::numbered_fingerprint(n); };
    for (int i = 0; i < kFingerprints; ++i) {
        store.peers.push_back({"a@x.org", account, fp(i), i % 3 == 0 ? Trust::verified() : Trust::unverified(), "t"});
        store.peers.push_back({"a@x.org", AccountId::any("prpl-jabber"), fp(i), i % 2 == 0 ? Trust::smp() : Trust::unverified(), "t"});
    }
    std::shuffle(store.peers.begin(), store.peers.end(), std::mt19937(7));
    WritePlan plan = find_app("jitsi")->plan_write(store, tmp.path());
    ASSERT_EQ(plan.content.peers.size(), static_cast<std::size_t>(kFingerprints));
    for (int i = 0; i < kFingerprints; ++i) {
        const PeerFingerprint& p = plan.content.peers[static_cast<std::size_t>(i)];
        EXPECT_EQ(p.fingerprint, fp(i));
        EXPECT_EQ(p.trust.trusted(), i % 2 == 0 || i % 3 == 0) << i;
        EXPECT_TRUE(p.account.is_any());
    }
    commit_files(plan.files);
    KeyStore back = find_app("jitsi")->read(tmp.path());
    EXPECT_EQ(back.peers.size(), static_cast<std::size_t>(kFingerprints));
}

// A file naming thousands of accounts: each entry is kept when Jitsi has its account and noted
// when not (accounts are found by a hash of their names; a search per entry took 7.5 s for a
// hostile file's 100k accounts).
TEST(Jitsi, EntriesOfThousandsOfAccountsAreKeptWhenJitsiHasTheirAccount) {
    test::TempDir tmp;
    std::string props;
    constexpr int kAccounts = 3000;
    for (int i = 0; i < kAccounts; ++i)
        props += "net.java.sip.communicator.impl.protocol.jabber.acc" + std::to_string(i) + ".ACCOUNT_UID=Jabber\\:u" +
                 std::to_string(i) + "@x.org@x.org\n";
    test::write_text(tmp / "sip-communicator.properties", props);
    KeyStore store;
    for (int i = 0; i < 2 * kAccounts; i += 3) {  // every third of twice as many: a third of them unknown to Jitsi
        store.peers.push_back({"p" + std::to_string(i) + "@y.org", {"prpl-jabber", "u" + std::to_string(i) + "@x.org", std::nullopt},
                               test::numbered_fingerprint(i), Trust::verified(), "t"});
    }
    WritePlan plan = find_app("jitsi")->plan_write(store, tmp.path());
    std::set<std::string> kept;
    for (const PeerFingerprint& p : plan.content.peers) kept.insert(std::string(p.peer.str()));
    std::size_t noted = 0;
    for (int i = 0; i < 2 * kAccounts; i += 3) {
        std::string peer = "p" + std::to_string(i) + "@y.org";
        EXPECT_EQ(kept.count(peer), i < kAccounts ? 1u : 0u) << peer;
        noted += i >= kAccounts;
    }
    EXPECT_EQ(plan.notes.size(), noted);
    EXPECT_NE(plan.notes.back().find("Jitsi has no account"), std::string::npos) << plan.notes.back();
}

// Contacts are folded and written a Jitsi name at a time: the OTR block must still be in key
// order, once per key, when names start with others (a_x_org, a_x_org_uk), with each
// fingerprint once, verified if any entry was, and the old layout's key of a contact that has one.
TEST(Jitsi, FoldedContactsAreWrittenInKeyOrderOncePerFingerprint) {
    test::TempDir tmp;
    KeyStore store = store_with_the_fixtures_accounts(tmp);
    const AccountId account = store.accounts[0].id;
    const DsaKey contact_key = test::a_contacts_public_key();
    auto fp = [](int n) {
        std::array<unsigned char, 20> b{};
        b[0] = static_cast<unsigned char>(n), b[1] = 0xab;
        return Fingerprint(b);
    };
    for (const char* peer : {"a@x.org.uk", "a@x.org", "b@y.org", "a@x.or"}) {
        store.peers.push_back({peer, account, fp(1), Trust::unverified(), "t"});
        store.peers.push_back({peer, AccountId::any("prpl-jabber"), fp(1), Trust::verified(), "t"});  // the same, trusted
        store.peers.push_back({peer, account, fp(2), Trust::unverified(), "t"});
    }
    store.peers.push_back({"a@x.org", account, contact_key.fingerprint(), Trust::verified(), "t", false, std::optional<DsaKey>(contact_key)});
    WritePlan plan = find_app("jitsi")->plan_write(store, tmp.path());
    EXPECT_EQ(plan.content.peers.size(), 9u);  // 4 contacts' 2 fingerprints, and a@x.org's key
    commit_files(plan.files);
    std::vector<std::string> otr_keys;
    for (const PropertyEntry& e : parse_java_properties(test::read_text(tmp / "sip-communicator.properties"), "p"))
        if (e.key.rfind("net.java.sip.communicator.plugin.otr.", 0) == 0) otr_keys.push_back(e.key);
    ASSERT_EQ(otr_keys.size(), 19u);  // 2 accounts x 2, 4 contacts x (2 flags + list), the key: flag, key, verified
    for (std::size_t i = 1; i < otr_keys.size(); ++i) EXPECT_LT(otr_keys[i - 1], otr_keys[i]);
    KeyStore back = find_app("jitsi")->read(tmp.path());
    for (const char* peer : {"a@x.org.uk", "a@x.org", "b@y.org", "a@x.or"}) {
        // Not in Jitsi's contact list: read back under the mangled name
        const PeerFingerprint* one = back.find_peer(jitsi_mangle(peer), AccountId::any("prpl-jabber"), fp(1));
        const PeerFingerprint* two = back.find_peer(jitsi_mangle(peer), AccountId::any("prpl-jabber"), fp(2));
        ASSERT_TRUE(one && two) << peer;
        EXPECT_TRUE(one->trust.trusted()) << peer;
        EXPECT_FALSE(two->trust.trusted()) << peer;
    }
    const PeerFingerprint* with_key = back.find_peer("a_x_org", AccountId::any("prpl-jabber"), contact_key.fingerprint());
    ASSERT_TRUE(with_key);
    EXPECT_TRUE(with_key->trust.trusted());
    EXPECT_NE(std::find(otr_keys.begin(), otr_keys.end(), "net.java.sip.communicator.plugin.otr.a_x_org_publicKey_verified"), otr_keys.end());
}

// A contact alone in its run of names, with no key, is written straight into the text, not
// through a block of its properties: the OTR lines are still what one block of all of them,
// sorted and escaped, would be. Here beside names that start with others (their block), a
// name the writers escape (a letter past ASCII stays in a Jitsi name), a contact with a key,
// the accounts' own names, and fingerprints in both orders and under two accounts.
TEST(Jitsi, ContactsWrittenAloneAreAsOneSortedBlockOfAllWouldWriteThem) {
    test::TempDir tmp;
    KeyStore store = store_with_the_fixtures_accounts(tmp);
    const AccountId account = store.accounts[0].id;
    const DsaKey contact_key = test::a_contacts_public_key();
    int n = 0;
    for (const char* peer : {"plain@x.org", "a@x.org", "a@x.org.uk", "j\xc3\xb6rg@x.de", "zz@x.org", "keyed@x.org", "1337@x.org"})
        for (unsigned char lead : {0xf0, 0x0a, 0xa0}) {
            std::array<unsigned char, 20> b{};
            b[0] = lead, b[1] = static_cast<unsigned char>(++n);
            store.peers.push_back({peer, account, Fingerprint(b), lead == 0x0a ? Trust::unverified() : Trust::verified(), "t"});
            store.peers.push_back({peer, AccountId::any("prpl-jabber"), Fingerprint(b), Trust::unverified(), "t"});
        }
    store.peers.push_back({"keyed@x.org", account, contact_key.fingerprint(), Trust::verified(), "t", false, std::optional<DsaKey>(contact_key)});
    WritePlan plan = find_app("jitsi")->plan_write(store, tmp.path());
    commit_files(plan.files);
    const std::string text = test::read_text(tmp / "sip-communicator.properties");
    const std::string otr = "net.java.sip.communicator.plugin.otr.";
    std::string otr_lines;  // as the file has them, one after another
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        if (text.compare(at, otr.size(), otr) == 0) otr_lines += text.substr(at, end - at);
        at = end;
    }
    PropertyBlock all;
    for (const PropertyEntry& e : parse_java_properties(text, "p"))
        if (e.key.rfind(otr, 0) == 0) all.put(e.key, e.value);
    EXPECT_EQ(otr_lines, std::string(all.text()));
    EXPECT_NE(otr_lines.find(otr + "plain_x_orgF0"), std::string::npos);
    EXPECT_NE(otr_lines.find(otr + "keyed_x_org_publicKey="), std::string::npos);
    EXPECT_NE(otr_lines.find("\\u00F6"), std::string::npos) << "the name past ASCII, escaped";
    EXPECT_NE(otr_lines.find(otr + "p1337_x_org_fingerprints="), std::string::npos);
}

// Jitsi's plan makes its file later, from a compact block: plan_update makes it once the entries
// are summarised to compare it, staging makes it again to write it, and an unchanged file is
// seen as unchanged by both. Once it holds everything, plan_update leaves it alone.
TEST(Jitsi, APlannedUpdateMakesTheFileAndSeesWhenNothingChanges) {
    test::TempDir tmp;
    fs::copy(test::fixture("jitsi"), tmp.path(), fs::copy_options::recursive);
    fs::permissions(tmp / "sip-communicator.properties", fs::perms::owner_read | fs::perms::owner_write);
    Location jitsi{find_app("jitsi"), tmp.path()};
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    for (int run = 0; run < 2; ++run) {
        KeyStore before = find_app("jitsi")->read(tmp.path());
        KeyStore target = store_for_location(merge({&before, &pidgin}), before);
        LocationUpdate update = plan_update(jitsi, before, target);
        EXPECT_EQ(update.changes.empty(), run == 1) << run;
        EXPECT_EQ(update.plan.files.empty(), run == 1) << run;  // the second time there is nothing to write
        EXPECT_EQ(update.changed_files.empty(), run == 1) << run;
        // The app's own plan, made over the file that already holds it, makes the same bytes.
        WritePlan plan = run == 0 ? std::move(update.plan) : find_app("jitsi")->plan_write(target, tmp.path());
        ASSERT_EQ(plan.files.size(), 1u);
        EXPECT_TRUE(plan.files[0].produce);  // made when compared and when staged, never held
        StagedFiles staged(plan.files);
        EXPECT_EQ(staged.changed_files(), update.changed_files) << run;
        auto committed = staged.commit();
        EXPECT_EQ(committed[0].changed, run == 0);
        EXPECT_EQ(committed[0].backup.has_value(), run == 0);  // an unchanged file gets no backup
    }
    EXPECT_NE(test::read_text(tmp / "sip-communicator.properties").find("net.java.sip.communicator.plugin.otr."), std::string::npos);
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".keysync-tmp-"), std::string::npos) << e.path();
}

// Jitsi's layouts as Properties.load sees them: the last property of a key wins, a verified mark
// counts only for a listed fingerprint (in otr4j's upper-case hex), the old layout's key is the
// contact's fingerprint, and contactlist.xml gives back the address behind a mangled name.
TEST(Jitsi, ReadsBothLayoutsAsJitsiSeesThem) {
    test::TempDir tmp;
    const std::string otr = "net.java.sip.communicator.plugin.otr.";
    const std::string fp1(40, 'A'), fp2(40, 'B'), fp3(40, 'C');
    DsaKey key = find_app("pidgin")->read(test::fixture("pidgin")).accounts.at(0).key;
    Bytes spki = write_dsa_spki(key);
    SecureString spki64 = base64_encode(spki.data(), spki.size());
    test::write_text(tmp / "sip-communicator.properties",
                     otr + "a_x_org_fingerprints=" + fp1 + "," + fp2 + "\n" +  //
                         otr + "a_x_org" + fp1 + "_fingerprint_verified=true\n" +
                         otr + "a_x_org" + fp2 + "_fingerprint_verified=true\n" +
                         otr + "a_x_org" + fp3 + "_fingerprint_verified=true\n" +  // not listed
                         otr + "a_x_org" + fp2 + "_fingerprint_verified=false\n" +  // the later one wins
                         otr + "b_publicKey=" + std::string(spki64.begin(), spki64.end()) + "\n" +
                         otr + "b_publicKey_verified=true\n" +  //
                         otr + "c_fingerprints=" + fp3 + "\n" +
                         otr + "c" + std::string(40, 'c') + "_fingerprint_verified=true\n");  // lower case: no mark
    test::write_text(tmp / "contactlist.xml", "<sip-communicator><contact address=\"a@x.org\"/></sip-communicator>");
    KeyStore s = find_app("jitsi")->read(tmp.path());
    EXPECT_EQ(test::peer_summary(s), (std::vector<std::string>{
                                         "a@x.org  prpl-jabber " + std::string(40, 'a') + " verified",
                                         "a@x.org  prpl-jabber " + std::string(40, 'b') + " unverified",
                                         "b  prpl-jabber " + key.fingerprint().hex() + " verified",
                                         "c  prpl-jabber " + std::string(40, 'c') + " unverified"}));
    for (const PeerFingerprint& p : s.peers) {
        EXPECT_EQ(p.name_is_mangled, p.peer != "a@x.org") << p.peer;  // b and c are not in contactlist.xml
        EXPECT_EQ(static_cast<bool>(p.public_key), p.peer == "b") << p.peer;
    }
}

TEST(Jitsi, BadInputNamesFileAndLine) {
    test::TempDir tmp;
    test::write_text(tmp / "sip-communicator.properties",
                     "a=b\nnet.java.sip.communicator.plugin.otr.x_fingerprints=ABC\n");
    try {
        find_app("jitsi")->read(tmp.path());
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("sip-communicator.properties:2: net.java.sip.communicator.plugin.otr.x_fingerprints: \"ABC\""),
                  std::string::npos) << e.what();
    }
    test::write_text(tmp / "sip-communicator.properties", "net.java.sip.communicator.plugin.otr.x_publicKey=MIIB\\u00\n");
    EXPECT_THROW(find_app("jitsi")->read(tmp.path()), ParseError);
}

}  // namespace keysync

namespace keysync {

// A file whose OTR keys are in key order, each once (as KeySync writes it), is read a piece at a
// time, its contacts' records taken as they come; any other file whole. Both read the same: the
// account's key (its line after the OTR block), its own public key no peer, both layouts.
TEST(Jitsi, AFileInKeyOrderReadsAsTheSameLinesInAnyOrder) {
    const std::string otr = "net.java.sip.communicator.plugin.otr.";
    const std::string fp1(40, 'A'), fp2(40, 'B'), fp3(40, 'C');
    DsaKey own = find_app("pidgin")->read(test::fixture("pidgin")).accounts.at(0).key;
    DsaKey contact = find_app("pidgin")->read(test::fixture("pidgin")).accounts.at(1).key;
    auto b64 = [](const auto& der) { SecureString s = base64_encode(der.data(), der.size()); return std::string(s.begin(), s.end()); };
    const std::string me = jitsi_mangle("Jabber:me@x.org@x.org");
    // In key order ("Jabber_..." sorts before "a_..."), each key once.
    std::vector<std::string> lines{otr + me + "_privateKey=" + b64(write_dsa_pkcs8(own)),
                                   otr + me + "_publicKey=" + b64(write_dsa_spki(own)),
                                   otr + "a_x_org" + fp1 + "_fingerprint_verified=true",
                                   otr + "a_x_org" + fp2 + "_fingerprint_verified=false",
                                   otr + "a_x_org_fingerprints=" + fp1 + "," + fp2,
                                   otr + "b_publicKey=" + b64(write_dsa_spki(contact)),
                                   otr + "b_publicKey_verified=true",
                                   otr + "c_fingerprints=" + fp3,
                                   "net.java.sip.communicator.impl.protocol.jabber.acc1.ACCOUNT_UID=Jabber\\:me@x.org@x.org"};
    bool with_lines = true;
    auto read = [&](const std::vector<std::string>& in) {
        test::TempDir tmp;
        std::string text;
        for (const std::string& l : in) text += l + "\n";
        test::write_text(tmp / "sip-communicator.properties", text);
        KeyStore s = find_app("jitsi")->read(tmp.path());
        std::vector<std::string> out = test::account_summary(s), peers = test::peer_summary(s);
        out.insert(out.end(), peers.begin(), peers.end());
        for (const PeerFingerprint& p : s.peers)
            out.push_back(p.peer + (p.public_key ? " has key" : "") + (with_lines ? " @" + p.source.text().substr(p.source.text().rfind(':')) : ""));
        return out;
    };
    std::vector<std::string> in_order = read(lines);
    EXPECT_EQ(std::vector<std::string>(in_order.begin(), in_order.begin() + 5),
              (std::vector<std::string>{"me@x.org prpl-jabber " + own.fingerprint().hex() + " private",
                                        "a_x_org  prpl-jabber " + std::string(40, 'a') + " verified",
                                        "a_x_org  prpl-jabber " + std::string(40, 'b') + " unverified",
                                        "b  prpl-jabber " + contact.fingerprint().hex() + " verified",
                                        "c  prpl-jabber " + std::string(40, 'c') + " unverified"}));
    EXPECT_EQ(std::vector<std::string>(in_order.begin() + 5, in_order.end()),
              (std::vector<std::string>{"a_x_org @:3", "a_x_org @:3", "b has key @:6", "c @:8"}));  // the account's own key is no peer
    with_lines = false;
    in_order = read(lines);
    std::vector<std::string> reversed(lines.rbegin(), lines.rend());
    EXPECT_EQ(read(reversed), in_order);
    with_lines = true;
    // Read whole, a later property overrides an earlier one: a bad list overridden reads.
    std::vector<std::string> overridden{otr + "x_fingerprints=ABC", otr + "y_fingerprints=" + fp3, otr + "x_fingerprints=" + fp1};
    EXPECT_EQ(read(overridden), (std::vector<std::string>{"x  prpl-jabber " + std::string(40, 'a') + " unverified",
                                                          "y  prpl-jabber " + std::string(40, 'c') + " unverified", "x @:3", "y @:2"}));
}

// A file in key order (read a piece at a time) names a contact by the address contactlist.xml
// gives for its mangled name, and by the mangled name where the list has none. (Enough contacts
// for several chunks of the text their names are kept in as the pieces are read.)
TEST(Jitsi, AFileInKeyOrderNamesItsContactsByTheContactList) {
    test::TempDir tmp;
    const std::string otr = "net.java.sip.communicator.plugin.otr.";
    std::string properties, contact_list = "<sip-communicator>";
    std::vector<std::string> expected;
    for (int i = 0; i < 600; ++i) {
        char number[16];
        std::snprintf(number, sizeof number, "c%04d", i);
        Fingerprint fp = test::numbered_fingerprint(i);
        properties += otr + number + "_x_org" + fp.hex_upper() + "_fingerprint_verified=true\n";
        properties += otr + number + "_x_org_fingerprints=" + fp.hex_upper() + "\n";
        const bool listed = i % 2 == 0;
        if (listed) contact_list += std::string("<contact address=\"") + number + "@x.org\"/>";
        expected.push_back(std::string(number) + (listed ? "@x.org" : "_x_org") + (listed ? " " : " mangled ") + fp.hex());
    }
    test::write_text(tmp / "sip-communicator.properties", properties);
    test::write_text(tmp / "contactlist.xml", contact_list + "</sip-communicator>");
    KeyStore s = find_app("jitsi")->read(tmp.path());
    std::vector<std::string> read;
    for (const PeerFingerprint& p : s.peers) {
        EXPECT_TRUE(p.trust.trusted()) << p.peer;
        read.push_back(p.peer + (p.name_is_mangled ? " mangled " : " ") + p.fingerprint.hex());
    }
    std::sort(read.begin(), read.end());
    EXPECT_EQ(read, expected);
}

}  // namespace keysync
