// A generated corpus of hostile files (over 200: every format × many mutations) through the
// command line: no crash, a failure is exit 1 with one line naming the file, and a failed
// convert leaves the target byte for byte unchanged. Table-driven: a format is one row.
#include <gtest/gtest.h>

#include <functional>

#include "test_support.hpp"

namespace keysync::test {
namespace fs = std::filesystem;
namespace {

struct Format {
    std::string app;
    std::string fixture_dir;  // a good home to start from
    std::string file;         // the file inside it to mutate
    bool tolerant = false;    // .properties and KeyCzar's not-quite-JSON take junk around the data
};

struct Mutation {
    std::string name;
    std::function<std::string(const std::string&)> apply;
    bool always_invalid;  // no file of any format survives it
};

std::vector<Mutation> mutations() {
    std::vector<Mutation> out;
    for (int percent : {5, 15, 25, 35, 45, 55, 65, 75, 85, 95})
        out.push_back({"truncated at " + std::to_string(percent) + "%",
                       [percent](const std::string& s) { return s.substr(0, s.size() * static_cast<std::size_t>(percent) / 100); }, false});
    out.push_back({"NUL bytes inside", [](const std::string& s) { return s.substr(0, s.size() / 2) + std::string(8, '\0') + s.substr(s.size() / 2); }, false});
    out.push_back({"binary junk first", [](const std::string& s) { return std::string("\x7f" "ELF\x02\x01\x01\x00", 8) + s; }, true});
    out.push_back({"bad UTF-8 and junk appended", [](const std::string& s) { return s + "\xff\xfe\xc3(\x80 ((((#zz#"; }, false});
    out.push_back({"CRLF line ends", [](const std::string& s) {
                       std::string o;
                       for (char c : s) o += c == '\n' ? std::string("\r\n") : std::string(1, c);
                       return o;
                   }, false});
    out.push_back({"deep nesting", [](const std::string& s) { return std::string(5000, '(') + s + std::string(5000, ')'); }, true});
    out.push_back({"doubled", [](const std::string& s) { return s + s; }, false});
    out.push_back({"hex digits flipped", [](const std::string& s) {
                       std::string o = s;
                       for (std::size_t i = o.size() / 3; i < o.size() && i < o.size() / 3 + 64; ++i)
                           if (o[i] == 'A' || o[i] == 'a' || o[i] == '0') o[i] = 'Z';
                       return o;
                   }, false});
    out.push_back({"oversized (70 MB)", [](const std::string& s) { return s + std::string(70u << 20, 'A'); }, true});
    out.push_back({"empty", [](const std::string&) { return std::string(); }, false});
    return out;
}

}  // namespace

TEST(HostileInput, CorpusOfOver200FilesGivesClearErrorsAndChangesNothing) {
    std::vector<Format> formats{
        {"pidgin", "pidgin", "otr.private_key"}, {"pidgin", "pidgin", "otr.fingerprints"}, {"pidgin", "pidgin", "accounts.xml"},
        {"irssi", "irssi", "otr.key"},           {"irssi", "irssi", "otr.fp"},             {"adium", "adium", "Accounts.plist"},
        {"adium", "adium", "otr.private_key"},   {"gajim", "gajim", "guardianproject.info.key3"},
        {"gajim", "gajim", "guardianproject.info.fpr"}, {"jitsi", "jitsi", "sip-communicator.properties", true},
        {"jitsi", "jitsi", "contactlist.xml"},   {"chatsecure", "chatsecure", "otr_keystore", true},
        {"gnupg", "gnupg", "secring.gpg"},       {"keyczar", "keyczar", "privatekey-v0.6b.json", true},
        {"keyczar", "keyczar", "privatekey-v0.5b.json", true}, {"kopete", "kopete", "privkeys"}};
    TempDir target_root;
    fs::path target = target_root / "purple";
    fs::copy(fixture("SAMENESS/pidgin"), target, fs::copy_options::recursive);
    auto target_before = tree_checksums(target_root.path());
    int files = 0, errors = 0;
    for (const Format& f : formats) {
        for (const Mutation& m : mutations()) {
            // 70 MB files are slow to make: the size cap is one code path, tried on three formats.
            if (m.name.rfind("oversized", 0) == 0 && f.file != "otr.private_key" && f.file != "otr.fp" && f.file != "otr_keystore") continue;
            TempDir home;
            fs::copy(fixture(f.fixture_dir), home.path(), fs::copy_options::recursive);
            fs::path file = home / f.file;
            fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
            std::string mutated = m.apply(read_text(file));
            write_text(file, mutated);
            ++files;
            std::string what = f.app + " " + f.file + " " + m.name;
            auto list = run_keysync({"list", f.app + ":" + home.path().string()});
            ASSERT_TRUE(list.status == 0 || list.status == 1) << what << ": exit " << list.status << list.err;
            if (list.status == 1) {
                ++errors;
                EXPECT_EQ(std::count(list.err.begin(), list.err.end(), '\n'), 1) << what << ": " << list.err;
                EXPECT_NE(list.err.find(home.path().string()), std::string::npos) << what << ": " << list.err;
            } else {
                EXPECT_FALSE(m.always_invalid && !f.tolerant) << what << " was accepted";
            }
            if (f.app == "gnupg" || f.app == "keyczar") continue;  // read-only: nothing to convert into
            auto convert = run_keysync({"convert", f.app + ":" + home.path().string(), "pidgin:" + target.string()});
            if (convert.status != 0) EXPECT_EQ(tree_checksums(target_root.path()), target_before) << what;
            else target_before = tree_checksums(target_root.path());  // a valid variant may add to it
        }
    }
    EXPECT_GE(files, 200);
    EXPECT_GE(errors, files * 2 / 3) << errors << " of " << files << " were errors";
}

// One key for thousands of contacts: every lookup would compare all of them (minutes for a
// file of 100k such contacts); refused, in Pidgin's own file as it is read and in ChatSecure's
// as it is merged, naming the file and line, with nothing written.
TEST(HostileInput, OneKeyForThousandsOfContactsIsRefusedNamingTheFile) {
    const std::string shared(40, 'b');
    TempDir pidgin;
    fs::copy(fixture("pidgin"), pidgin.path(), fs::copy_options::recursive);
    fs::permissions(pidgin / "otr.fingerprints", fs::perms::owner_read | fs::perms::owner_write);
    std::string rows;
    for (int i = 0; i < 3000; ++i) rows += "peer" + std::to_string(i) + "@x.org\tgptest@jabber.org\tprpl-jabber\t" + shared + "\tverified\n";
    write_text(pidgin / "otr.fingerprints", rows);
    TempDir chatsecure;
    std::string properties;
    for (int i = 0; i < 3000; ++i) properties += "peer" + std::to_string(i) + "@x.org." + shared + ".publicKey.verified=true\n";
    write_text(chatsecure / "otr_keystore", properties);
    for (const std::string& source : {"pidgin:" + pidgin.path().string(), "chatsecure:" + chatsecure.path().string()}) {
        TempDir target_root;
        fs::copy(fixture("SAMENESS/pidgin"), target_root / "purple", fs::copy_options::recursive);
        auto before = tree_checksums(target_root.path());
        auto convert = run_keysync({"convert", source, "pidgin:" + (target_root / "purple").string()});
        EXPECT_EQ(convert.status, 1) << source << convert.out;
        EXPECT_EQ(std::count(convert.err.begin(), convert.err.end(), '\n'), 1) << convert.err;
        EXPECT_NE(convert.err.find(source.substr(source.find(':') + 1)), std::string::npos) << convert.err;
        EXPECT_NE(convert.err.find("more than 1024 entries have the fingerprint " + shared), std::string::npos) << convert.err;
        EXPECT_EQ(tree_checksums(target_root.path()), before) << source;
    }
}

}  // namespace keysync::test
