// A sync plans two locations at once; the last one planned takes the merged store while the
// others may still be comparing what they hold (kept as places in it) with what they will hold.
// A location that holds all it is given already is not planned at all.
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "keysync/location_update.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "keysync/sync.hpp"
#include "test_support.hpp"

namespace keysync {
namespace {
namespace fs = std::filesystem;

const std::vector<std::pair<std::string, std::string>> kLocations{
    {"pidgin", "purple"}, {"kopete", "kopete"}, {"jitsi", "jitsi"}, {"chatsecure", "cs"}};

// Pidgin with two XMPP accounts and FINGERPRINTS entries of random trust; Jitsi with the same
// accounts and no OTR properties yet; Kopete and ChatSecure with nothing.
void make_homes(const fs::path& root, int fingerprints) {
    KeyStore pidgin = find_app("pidgin")->read(test::fixture("pidgin"));
    KeyStore store;
    for (int a = 0; a < 2; ++a)
        store.accounts.push_back({{"prpl-jabber", "user" + std::to_string(a) + "@example.org", std::string("KeySync")},
                                  pidgin.accounts.at(0).key, "test"});
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> byte(0, 255), trust(0, 2);
    for (int i = 0; i < fingerprints; ++i) {
        std::array<unsigned char, 20> fp{};
        for (auto& b : fp) b = static_cast<unsigned char>(byte(rng));
        int t = trust(rng);
        store.peers.push_back({"peer" + std::to_string(i / 2) + "@example.net", store.accounts[static_cast<std::size_t>(i % 2)].id,
                               Fingerprint(fp), t == 0 ? Trust::unverified() : t == 1 ? Trust::verified() : Trust::smp(), "test"});
    }
    commit_files(find_app("pidgin")->plan_write(store, root / "purple").files);
    std::string props = "net.java.sip.communicator.impl.gui.main.chat.CHAT_WINDOW_WIDTH=640\n";
    for (int a = 0; a < 2; ++a)
        props += "net.java.sip.communicator.impl.protocol.jabber.acc" + std::to_string(a) + ".ACCOUNT_UID=Jabber\\:user" +
                 std::to_string(a) + "@example.org@example.org\n";
    test::write_text(root / "jitsi/sip-communicator.properties", props);
}

// An app that plans as INNER does, counting its plans and taking DELAY over each (so the
// location planned first is still being planned when the last one takes the merged store).
class WatchedPlans : public App {
public:
    WatchedPlans(const App* inner, std::chrono::milliseconds delay) : inner_(inner), delay_(delay) {}
    std::string name() const override { return inner_->name(); }
    std::string description() const override { return inner_->description(); }
    std::vector<fs::path> default_dirs() const override { return inner_->default_dirs(); }
    std::vector<std::string> process_names() const override { return inner_->process_names(); }
    bool writable() const override { return inner_->writable(); }
    bool keeps_mangled_names() const override { return inner_->keeps_mangled_names(); }
    bool keeps_contacts_of_any_account() const override { return inner_->keeps_contacts_of_any_account(); }
    TrustLevel highest_trust() const override { return inner_->highest_trust(); }
    bool keeps_one_unverified_per_contact() const override { return inner_->keeps_one_unverified_per_contact(); }
    bool gives_back_renamed(const KeyStore& store) const override { return inner_->gives_back_renamed(store); }
    bool present(const fs::path& dir) const override { return inner_->present(dir); }
    KeyStore read(const fs::path& dir) const override { return inner_->read(dir); }
    KeyStore read(const fs::path& dir, const ReadOptions& options) const override { return inner_->read(dir, options); }
    std::vector<fs::path> files(const fs::path& dir) const override { return inner_->files(dir); }
    WritePlan plan_write(KeyStore store, const fs::path& dir) const override {
        ++plans;
        std::this_thread::sleep_for(delay_);
        return inner_->plan_write(std::move(store), dir);
    }
    mutable std::atomic<int> plans = 0;

private:
    const App* inner_;
    std::chrono::milliseconds delay_;
};

// A sync of the four locations, through APPS where given (by name).
SyncReport sync_all(const fs::path& root, const std::map<std::string, const App*>& apps = {}) {
    static const WatchedPlans slow_jitsi(find_app("jitsi"), std::chrono::milliseconds(300));
    std::vector<SyncSide> sides;
    for (const auto& [app, dir] : kLocations) {
        const App* given = apps.count(app) ? apps.at(app) : app == "jitsi" ? &slow_jitsi : find_app(app);
        Location l{given, root / dir};
        sides.push_back({l, {}, {}, true, true, [l] { return read_location(l); }});
    }
    return sync_sides(std::move(sides), {true, false, ""});
}

// Every location's OTR files, by app and name.
std::map<std::string, std::string> otr_files(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& [app, dir] : kLocations)
        for (const fs::path& f : find_app(app)->files(root / dir))
            if (fs::exists(f)) out[app + ":" + f.filename().string()] = test::read_text(f);
    return out;
}

}  // namespace

// A first sync of four locations, then Kopete verifies every seventh fingerprint and they are
// synced again: on two threads (Jitsi's plan, the first, still running when the last starts),
// every file ends up as on one thread, and what Kopete raised reaches Pidgin.
TEST(SyncThreads, TwoThreadsWriteWhatOneWrites) {
    std::map<std::string, std::map<std::string, std::string>> files;
    for (const char* threads : {"1", "2"}) {
        SCOPED_TRACE(std::string("threads: ") + threads);
        test::TempDir root;
        make_homes(root.path(), 10000);
        setenv("KEYSYNC_THREADS", threads, 1);
        sync_all(root.path());
        Location kopete{find_app("kopete"), root / "kopete"};
        KeyStore raised = read_location(kopete);
        ASSERT_EQ(raised.peers.size(), 10000u);
        for (std::size_t i = 0; i < raised.peers.size(); i += 7)
            if (!raised.peers[i].trust.trusted()) raised.peers[i].trust = Trust::verified();
        commit_files(kopete.app->plan_write(raised, kopete.dir).files);
        sync_all(root.path());
        unsetenv("KEYSYNC_THREADS");
        files[threads] = otr_files(root.path());
        KeyStore pidgin = read_location({find_app("pidgin"), root / "purple"});
        for (std::size_t i = 0; i < raised.peers.size(); i += 7) {
            const PeerFingerprint& p = raised.peers[i];
            const PeerFingerprint* there = pidgin.find_peer(p.peer, p.account, p.fingerprint);
            ASSERT_NE(there, nullptr) << p.peer;
            EXPECT_TRUE(there->trust.trusted()) << p.peer;
        }
    }
    std::string names;
    for (const auto& [name, text] : files["1"]) names += name + " ";
    EXPECT_EQ(names, "chatsecure:otr_keystore jitsi:sip-communicator.properties kopete:fingerprints kopete:privkeys "
                     "pidgin:otr.fingerprints pidgin:otr.private_key ");
    EXPECT_TRUE(files["1"] == files["2"]);
}

// A sync run again plans no location that holds all it is given, and writes nothing: Jitsi and
// ChatSecure keep an SMP-verified fingerprint as verified, all they can keep, and ChatSecure
// keeps one unverified fingerprint of a contact (the others are not ones it would take). Once
// Kopete raises trust, the others are planned again, and Kopete, holding all, is not.
TEST(SyncThreads, ALocationHoldingAllItIsGivenIsNotPlanned) {
    test::TempDir root;
    make_homes(root.path(), 2000);
    sync_all(root.path());
    std::map<std::string, std::unique_ptr<WatchedPlans>> watched;
    std::map<std::string, const App*> apps;
    for (const auto& [app, dir] : kLocations) {
        watched[app] = std::make_unique<WatchedPlans>(find_app(app), std::chrono::milliseconds(0));
        apps[app] = watched[app].get();
    }
    auto plans = [&] {
        std::string out;
        for (const auto& [app, dir] : kLocations) out += app + ":" + std::to_string(watched[app]->plans.exchange(0)) + " ";
        return out;
    };
    std::map<std::string, std::string> before = otr_files(root.path());
    SyncReport again = sync_all(root.path(), apps);
    EXPECT_EQ(plans(), "pidgin:0 kopete:0 jitsi:0 chatsecure:0 ");
    EXPECT_TRUE(otr_files(root.path()) == before);
    EXPECT_EQ(std::count(again.changed.begin(), again.changed.end(), true), 0);

    Location kopete{find_app("kopete"), root / "kopete"};
    KeyStore raised = read_location(kopete);
    for (PeerFingerprint& p : raised.peers)
        if (!p.trust.trusted()) p.trust = Trust::verified();
    commit_files(kopete.app->plan_write(raised, kopete.dir).files);
    sync_all(root.path(), apps);
    EXPECT_EQ(plans(), "pidgin:1 kopete:0 jitsi:1 chatsecure:1 ");
}

}  // namespace keysync
