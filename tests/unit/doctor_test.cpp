#include <gtest/gtest.h>

#include <sys/stat.h>

#include "keysync/doctor.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

AuditedLocation audited(const std::string& app, const fs::path& dir) {
    Location l{find_app(app), dir};
    return {l, l.app->read(dir)};
}

bool any(const std::vector<Finding>& findings, const std::string& problem, const std::string& fix) {
    for (const Finding& f : findings)
        if (f.problem.find(problem) != std::string::npos && f.fix.find(fix) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(Doctor, FindsEveryKindOfProblemWithItsFix) {
    test::TempDir tmp;
    fs::path a = tmp / "a", b = tmp / "b";
    fs::copy(test::fixture("pidgin"), a, fs::copy_options::recursive);
    fs::copy(test::fixture("pidgin"), b, fs::copy_options::recursive);
    // b: another key for gptest@limun.org (the second account's key under the first's name),
    // and its verified peer made unverified.
    std::string keys = test::read_text(b / "otr.private_key");
    fs::permissions(b / "otr.private_key", fs::perms::owner_read | fs::perms::owner_write);
    std::string fps = test::read_text(b / "otr.fingerprints");
    fs::permissions(b / "otr.fingerprints", fs::perms::owner_read | fs::perms::owner_write);
    keys.replace(keys.find("gptest@jabber.org/"), 18, "gptest@limun.org/");
    keys.replace(keys.find("gptest@limun.org/"), 17, "gptest@other.org/");
    test::write_text(b / "otr.private_key", keys);
    fps.replace(fps.find("\tverified"), 9, "\t");
    test::write_text(b / "otr.fingerprints", fps);
    ::chmod((a / "otr.private_key").c_str(), 0644);
    test::write_text(a / "otr.private_key.1000", "old");
    fs::last_write_time(a / "otr.private_key.1000", fs::file_time_type::clock::now() - std::chrono::hours(24 * 200));
    ::chmod((b / "otr.private_key").c_str(), 0600);
    ::chmod((b / "otr.fingerprints").c_str(), 0600);
    ::chmod((a / "otr.fingerprints").c_str(), 0600);

    auto findings = audit({audited("pidgin", a), audited("pidgin", b)}, std::time(nullptr));
    EXPECT_TRUE(any(findings, "account gptest@limun.org (prpl-jabber) has different private keys", "--prefer")) << findings.size();
    EXPECT_TRUE(any(findings, "a2cd015572d256703e7624840f91209160185410) is verified in pidgin:" + a.string() + " but unverified in pidgin:" + b.string(),
                    "keysync convert 'pidgin:" + a.string() + "' 'pidgin:" + b.string() + "'"));
    EXPECT_TRUE(any(findings, (a / "otr.private_key").string() + " can be read by other users (mode 644)", "chmod 600"));
    EXPECT_TRUE(any(findings, (a / "otr.private_key.1000").string() + " is a backup", "rm '"));
    EXPECT_TRUE(any(findings, "gptest@mycomputer (prpl-bonjour)", "keysync restore"));
    EXPECT_FALSE(any(findings, (b / "otr.private_key").string() + " can be read", ""));
}

TEST(Doctor, AHealthyPairHasNoFindings) {
    test::TempDir tmp;
    fs::copy(test::fixture("irssi"), tmp / "a", fs::copy_options::recursive);
    for (const char* f : {"a/otr.key", "a/otr.fp"}) ::chmod((tmp / f).c_str(), 0600);
    EXPECT_TRUE(audit({audited("irssi", tmp / "a")}, std::time(nullptr)).empty());
}

}  // namespace keysync
