// `ninja -C build bench`: KeySync's speed and memory on large stores (1k/10k/100k fingerprints
// over 10 accounts), each operation in a fresh process (the bench runs itself with --run) so
// its peak memory is its own and not the generator's pages a forked child would share, with
// the ratio against libotr's own read+write of the same Pidgin files. KEYSYNC_BENCH_KEEP=1 keeps
// the generated homes (the path is printed) to profile one operation with the keysync command.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keysync/chatsecure_export.hpp"
#include "keysync/location_update.hpp"
#include "keysync/registry.hpp"
#include "keysync/safe_file.hpp"
#include "keysync/sync.hpp"

namespace fs = std::filesystem;
using namespace keysync;

namespace {

struct Measure {
    double seconds = 0;
    long peak_kib = 0;
};

// Runs WORK in a child; its wall time and peak RSS.
Measure in_child(const std::function<void()>& work) {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        try {
            work();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench: %s\n", e.what());
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    Measure m{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), usage.ru_maxrss};
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) m.seconds = -1;
    return m;
}

// A Pidgin home with 10 XMPP accounts (the samples' keys, reused) and N fingerprints, two for
// each contact, or all of one contact when ONE_CONTACT (what a hostile file can hold: a
// contact's fingerprints must not be deduped by a search per fingerprint).
void make_pidgin_home(const fs::path& dir, int fingerprints, bool one_contact = false) {
    std::vector<DsaKey> keys;
    for (const char* app : {"pidgin", "gajim", "chatsecure", "irssi"})
        for (const Account& a : find_app(app)->read(fs::path(KEYSYNC_SAMPLES) / app).accounts)
            if (a.key.private_matches_public()) keys.push_back(a.key);
    KeyStore store;
    for (int i = 0; i < 10; ++i)
        store.accounts.push_back({{"prpl-jabber", "user" + std::to_string(i) + "@example.org", std::string("KeySync")},
                                  keys[static_cast<std::size_t>(i) % keys.size()], "bench"});
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> byte(0, 255), trust(0, 2);
    for (int i = 0; i < fingerprints; ++i) {
        std::array<unsigned char, 20> fp{};
        for (auto& b : fp) b = static_cast<unsigned char>(byte(rng));
        int t = trust(rng);
        store.peers.push_back({one_contact ? std::string("peer@example.net") : "peer" + std::to_string(i / 2) + "@example.net", store.accounts[static_cast<std::size_t>(i % 10)].id,
                               Fingerprint(fp), t == 0 ? Trust::unverified() : t == 1 ? Trust::verified() : Trust::smp(),
                               "bench"});
    }
    commit_files(find_app("pidgin")->plan_write(store, dir).files);
}

void jitsi_home(const fs::path& dir) {
    std::string props = "net.java.sip.communicator.impl.gui.main.chat.CHAT_WINDOW_WIDTH=640\n";
    for (int i = 0; i < 10; ++i)
        props += "net.java.sip.communicator.impl.protocol.jabber.acc" + std::to_string(i) + ".ACCOUNT_UID=Jabber\\:user" +
                 std::to_string(i) + "@example.org@example.org\n";
    commit_files({{dir / "sip-communicator.properties", SecureString(props.begin(), props.end()), false}});
}

void convert(const std::string& from_app, const fs::path& from, const std::string& to_app, const fs::path& to) {
    Location source{find_app(from_app), from}, target{find_app(to_app), to};
    std::vector<SyncSide> sides;
    sides.push_back({target, {}, {}, true, true, [target] { return read_location(target); }});
    sides.push_back({source, {}, {}, false, true, [source] { return read_source_location(source); }});
    sync_sides(std::move(sides), {true, false, ""});
}

// Pidgin (full), Kopete, Jitsi and ChatSecure synced with each other.
void sync_four(const fs::path& root) {
    std::vector<SyncSide> sides;
    for (auto [app, dir] : std::vector<std::pair<std::string, fs::path>>{
             {"pidgin", root / "purple"}, {"kopete", root / "kopete"}, {"jitsi", root / "jitsi"}, {"chatsecure", root / "cs"}}) {
        Location l{find_app(app), dir};
        sides.push_back({l, {}, {}, true, true, [l] { return read_location(l); }});
    }
    sync_sides(std::move(sides), {true, false, ""});
}

// Time per 1k fingerprints shows whether growth is linear (the column stays flat).
void print(const char* what, int n, const Measure& m, double reference = 0) {
    std::printf("%-22s %7d  %8.3f s  %7.2f ms  %8.1f MiB", what, n, m.seconds, m.seconds * 1000 / (n / 1000.0),
                static_cast<double>(m.peak_kib) / 1024);
    if (reference > 0) std::printf("  %7.3fx", m.seconds / reference);
    std::printf("\n");
}

// The measured operations, each run by `keysync_bench --run NAME ROOT` in a fresh process (a
// forked child would count the generator's pages as its own).
const std::vector<std::pair<std::string, std::function<void(const fs::path&)>>>& operations() {
    static const std::vector<std::pair<std::string, std::function<void(const fs::path&)>>> ops{
        {"pidgin read+write", [](const fs::path& root) { convert("pidgin", root / "purple", "pidgin", root / "copy"); }},
        {"pidgin -> jitsi", [](const fs::path& root) { convert("pidgin", root / "purple", "jitsi", root / "jitsi"); }},
        {"pidgin -> chatsecure",
         [](const fs::path& root) {
             export_chatsecure(read_source_location({find_app("pidgin"), root / "purple"}),
                               {root / "otr_keystore.ofcaes", {}, nullptr, nullptr});
         }},
        {"one peer -> jitsi", [](const fs::path& root) { convert("pidgin", root / "one", "jitsi", root / "jitsi-one"); }},
        {"one peer -> chatsecure",
         [](const fs::path& root) {
             export_chatsecure(read_source_location({find_app("pidgin"), root / "one"}),
                               {root / "one.ofcaes", {}, nullptr, nullptr});
         }},
        {"sync of 4 locations", sync_four},
        {"the same sync again", sync_four},  // all four full now, nothing to change: a sync's usual case
        {"again, on one thread",  // what the sync's second thread costs in memory and saves in time
         [](const fs::path& root) {
             setenv("KEYSYNC_THREADS", "1", 1);
             sync_four(root);
         }}};
    return ops;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--run") {
        for (const auto& [name, run] : operations())
            if (name == argv[2]) return run(argv[3]), 0;
        return 2;
    }
    if (argc < 2) {
        std::fprintf(stderr, "usage: keysync_bench LIBOTR_REFERENCE [FINGERPRINTS...]\n");
        return 2;
    }
    std::string reference_exe = argv[1];
    const std::string launcher = (fs::read_symlink("/proc/self/exe").parent_path() / "keysync_bench_launcher").string();
    std::vector<int> sizes;
    for (int i = 2; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = {1000, 10000, 100000};
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each row as soon as it is measured
    std::printf("%-22s %7s  %10s  %10s  %12s  %s\n", "operation", "fps", "time", "per 1k fps", "peak memory",
                "time / libotr's");
    for (int n : sizes) {
        char tmpl[] = "/tmp/keysync-bench-XXXXXX";
        fs::path root = mkdtemp(tmpl);
        make_pidgin_home(root / "purple", n);
        jitsi_home(root / "jitsi");
        make_pidgin_home(root / "one", n, true);
        jitsi_home(root / "jitsi-one");
        Measure libotr = in_child([&] {
            execl(reference_exe.c_str(), reference_exe.c_str(), (root / "purple/otr.private_key").c_str(),
                  (root / "purple/otr.fingerprints").c_str(), (root / "libotr.fingerprints").c_str(), nullptr);
            _exit(127);
        });
        print("libotr read+write", n, libotr);
        for (const auto& operation : operations()) {
            const std::string& name = operation.first;  // a plain name: clang 14 cannot capture a structured binding
            print(name.c_str(), n, in_child([&] {
                      // Started as the keysync command is, by the launcher (built for the bench beside it).
                      execl(launcher.c_str(), "keysync_bench", "--run", name.c_str(), root.c_str(), nullptr);
                      _exit(127);
                  }),
                  libotr.seconds);
        }
        if (std::getenv("KEYSYNC_BENCH_KEEP")) std::printf("kept %s\n", root.c_str());  // to profile one operation
        else fs::remove_all(root);
    }
    return 0;
}
