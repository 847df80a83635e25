#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <sstream>
#include <plist/plist.h>

#include "apps/adium_accounts_plist.hpp"
#include "keysync/error.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

// The fixture's XML Accounts.plist converted to Apple's binary form with libplist.
std::string binary_plist(const std::string& xml) {
    plist_t root = nullptr;
    plist_from_xml(xml.data(), static_cast<uint32_t>(xml.size()), &root);
    char* bin = nullptr;
    uint32_t size = 0;
    plist_to_bin(root, &bin, &size);
    std::string out(bin, size);
    std::free(bin);
    plist_free(root);
    return out;
}

}  // namespace

TEST(Adium, FixtureMapsObjectIdsToAccounts) {
    KeyStore s = find_app("adium")->read(test::fixture("adium"));
    EXPECT_EQ(test::account_summary(s), (std::vector<std::string>{
                                            "gptest@jabber.org prpl-jabber 39e90112c19d45cecb968ff981d32e9c9a5fe284 private",
                                            "gptest@slipjack.com prpl-jabber 8d0f48cb59348f3aa596dc7b1f5048c14368cf5d private"}));
}

TEST(Adium, BinaryPlistWorksToo) {
    test::TempDir tmp;
    fs::copy(test::fixture("adium"), tmp.path(), fs::copy_options::recursive);
    fs::permissions(tmp / "Accounts.plist", fs::perms::owner_read | fs::perms::owner_write);
    test::write_text(tmp / "Accounts.plist", binary_plist(test::read_text(test::fixture("adium/Accounts.plist"))));
    ASSERT_EQ(test::read_text(tmp / "Accounts.plist").substr(0, 8), "bplist00");
    KeyStore s = find_app("adium")->read(tmp.path());
    EXPECT_EQ(test::account_summary(s), test::account_summary(find_app("adium")->read(test::fixture("adium"))));
    // The real Adium profile's plists are binary too.
    auto real = read_adium_accounts(test::fixture("adium/Library/Application Support/Adium 2.0/Users/Default/Accounts.plist"));
    EXPECT_FALSE(real.empty());
}

TEST(Adium, SamenessPairConvertsBothWays) {
    // The same single key in Adium form and in Pidgin form.
    test::TempDir tmp;
    fs::copy(test::fixture("SAMENESS/adium"), tmp / "adium", fs::copy_options::recursive);
    auto r = test::run_keysync({"convert", "adium:" + (tmp / "adium").string(), "pidgin:" + (tmp / "pidgin").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    KeyStore pidgin = find_app("pidgin")->read(tmp / "pidgin"), expected = find_app("pidgin")->read(test::fixture("SAMENESS/pidgin"));
    EXPECT_EQ(test::account_summary(pidgin), test::account_summary(expected));
    r = test::run_keysync({"convert", "pidgin:" + test::fixture("SAMENESS/pidgin").string(), "adium:" + (tmp / "adium").string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(test::account_summary(find_app("adium")->read(tmp / "adium")), test::account_summary(expected));
}

TEST(Adium, UnknownAccountsAreReportedAndThePlistIsNeverRewritten) {
    test::TempDir tmp;
    fs::copy(test::fixture("adium"), tmp.path(), fs::copy_options::recursive);
    for (const auto& e : fs::directory_iterator(tmp.path())) fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write);
    std::string plist = test::read_text(tmp / "Accounts.plist");
    auto r = test::run_keysync({"convert", "pidgin:" + test::fixture("pidgin").string(), "adium:" + tmp.path().string()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("account gptest@limun.org (prpl-jabber) not written: Adium has no prpl-jabber account gptest@limun.org"),
              std::string::npos) << r.out;
    // gptest@jabber.org has another key in Pidgin: a conflict, and Adium keeps its own.
    EXPECT_NE(r.out.find("conflict: account gptest@jabber.org (prpl-jabber)"), std::string::npos) << r.out;
    EXPECT_EQ(test::read_text(tmp / "Accounts.plist"), plist);
    // libotr reads what we wrote, under Adium's ObjectIDs.
    auto dump = test::run_command({std::getenv("KEYSYNC_LIBOTR_ORACLE"), "dump", (tmp / "otr.private_key").string(),
                                   (tmp / "otr.fingerprints").string()});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_NE(dump.out.find("key\t1\tlibpurple-Jabber\t39E90112 C19D45CE CB968FF9 81D32E9C 9A5FE284"), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("fp\tgptest@jabber.ccc.de\t1\tlibpurple-Jabber\ta2cd015572d256703e7624840f91209160185410\t\n"),
              std::string::npos) << dump.out;
}

// An Accounts.plist of thousands of accounts (the last two with one ObjectID, and with one UID):
// each fingerprint row is read under the account its ObjectID names, and written back under
// the ObjectID of its account, the first listed of each (accounts are found by a hash; a search
// per lookup took seconds for a hostile list of 50k accounts).
TEST(Adium, ThousandsOfAccountsMapEachRowToItsOwn) {
    test::TempDir tmp;
    constexpr int kAccounts = 3000;
    std::string plist = "<plist version=\"1.0\"><dict><key>Accounts</key><array>\n";
    auto account = [&](int object_id, int uid) {
        plist += "<dict><key>ObjectID</key><string>" + std::to_string(object_id) +
                 "</string><key>Service</key><string>Jabber</string><key>Type</key><string>libpurple-Jabber</string>"
                 "<key>UID</key><string>u" + std::to_string(uid) + "@x.org</string></dict>\n";
    };
    for (int i = 0; i < kAccounts; ++i) account(100 + i, i);
    account(100, 999999);  // an ObjectID listed again: the first is the one
    account(999999, 0);    // a UID listed again: written back under its first ObjectID
    plist += "</array></dict></plist>\n";
    test::write_text(tmp / "Accounts.plist", plist);
    std::string rows;
    for (int i = 0; i < kAccounts; ++i)
        rows += "peer" + std::to_string(i) + "@y.org\t" + std::to_string(100 + (i * 7) % kAccounts) + "\tlibpurple-Jabber\t" +
                test::numbered_fingerprint(i).hex() + "\tverified\n";
    test::write_text(tmp / "otr.fingerprints", rows);
    KeyStore s = find_app("adium")->read(tmp.path());
    ASSERT_EQ(s.peers.size(), static_cast<std::size_t>(kAccounts));
    for (int i = 0; i < kAccounts; ++i) {
        const PeerFingerprint& p = s.peers[static_cast<std::size_t>(i)];
        EXPECT_EQ(p.account.name, "u" + std::to_string((i * 7) % kAccounts) + "@x.org") << i;
        EXPECT_EQ(p.account.protocol, "prpl-jabber");
    }
    test::TempDir out;
    fs::copy_file(tmp / "Accounts.plist", out / "Accounts.plist");
    commit_files(find_app("adium")->plan_write(s, out.path()).files);
    auto lines = [](const std::string& text) {  // (libotr's order is by contact: compared as a set)
        std::multiset<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) out.insert(line);
        return out;
    };
    EXPECT_TRUE(lines(test::read_text(out / "otr.fingerprints")) == lines(rows));
}

TEST(Adium, JunkPlistNamesTheFile) {
    EXPECT_THROW(parse_adium_accounts("bplist00junkjunkjunk", "A.plist"), ParseError);
    try {
        parse_adium_accounts("<plist><array/></plist>", "A.plist");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("A.plist: ", 0), 0u) << e.what();
    }
}

}  // namespace keysync
