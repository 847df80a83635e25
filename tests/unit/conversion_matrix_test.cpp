// Every writable app converts into every writable app: each key and fingerprint of the source
// reaches the target, or the target's report names it.
#include <gtest/gtest.h>

#include "keysync/location_update.hpp"
#include "keysync/registry.hpp"
#include "test_support.hpp"

namespace keysync {
namespace fs = std::filesystem;
namespace {

// A home of APP in DIR with sample content (targets that need their own config get it).
void prepare(const std::string& app, const fs::path& dir) {
    static const std::map<std::string, std::string> fixture_of{
        {"pidgin", "pidgin"}, {"irssi", "irssi"}, {"xchat", "xchat"}, {"kopete", "kopete"}, {"adium", "adium"},
        {"gajim", "gajim"}, {"jitsi", "jitsi"}, {"chatsecure", "chatsecure"}};
    auto it = fixture_of.find(app);
    if (it != fixture_of.end()) {
        fs::copy(test::fixture(it->second), dir, fs::copy_options::recursive);
        for (const auto& e : fs::recursive_directory_iterator(dir))
            fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add);
        return;
    }
    fs::create_directories(dir);
    if (app == "hexchat" || app == "weechat") {  // from irssi's sample
        KeyStore irssi = find_app("irssi")->read(test::fixture("irssi"));
        commit_files(find_app(app)->plan_write(irssi, dir).files);
    } else if (app == "blink" || app == "otrjs") {
        KeyStore gajim = find_app("gajim")->read(test::fixture("gajim"));
        for (Account& a : gajim.accounts) a.id = {"prpl-simple", "blink", std::nullopt};
        if (app == "otrjs") gajim = find_app("pidgin")->read(test::fixture("pidgin"));
        commit_files(find_app(app)->plan_write(gajim, dir).files);
    }
}

bool mentioned(const std::vector<std::string>& notes, const std::string& what) {
    for (const auto& n : notes)
        if (n.find(what) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(ConversionMatrix, EveryPairKeepsOrReportsEverything) {
    std::vector<const App*> writable;
    for (const auto& app : all_apps())
        if (app->writable()) writable.push_back(app.get());
    ASSERT_GE(writable.size(), 12u);
    int pairs = 0;
    for (const App* from : writable) {
        test::TempDir source_dir;
        prepare(from->name(), source_dir / "home");
        KeyStore source = from->read(source_dir / "home");
        ASSERT_FALSE(source.accounts.empty() && source.peers.empty()) << from->name();
        for (const App* to : writable) {
            test::TempDir target_dir;
            fs::path dir = target_dir / "home";
            prepare(to->name(), dir);
            Location target{to, dir};
            KeyStore before = read_location(target);
            MergeResult merged = merge({&before, &source});
            LocationUpdate update = plan_update(target, before, store_for_location(merged, before));
            commit_files(update.plan.files);
            KeyStore after = read_location(target);
            std::string pair = from->name() + " -> " + to->name();
            for (const Account& a : source.accounts) {
                bool conflicted = std::any_of(merged.conflicts.begin(), merged.conflicts.end(), [&](const KeyConflict& c) { return c.account == a.id; });
                bool reached = false;
                for (const Account& b : after.accounts) reached |= b.key.same_public(a.key);
                EXPECT_TRUE(reached || conflicted || mentioned(update.plan.notes, a.id.display())) << pair << ": key of " << a.id.display();
            }
            for (const PeerFingerprint& p : source.peers) {
                bool reached = false;
                for (const PeerFingerprint& q : after.peers) reached |= q.fingerprint == p.fingerprint;
                for (const Account& b : after.accounts) reached |= b.key.fingerprint() == p.fingerprint;  // one's own key
                EXPECT_TRUE(reached || mentioned(update.plan.notes, p.fingerprint.hex())) << pair << ": " << p.peer << " " << p.fingerprint.hex();
            }
            ++pairs;
        }
    }
    EXPECT_EQ(pairs, static_cast<int>(writable.size() * writable.size()));
}

}  // namespace keysync
