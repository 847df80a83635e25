#include "keysync/huge_pages.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "keysync/location.hpp"

namespace keysync {

void restart_with_huge_page_malloc(char** argv) {
    struct Tunable {
        const char* name;
        const char* value;
    };
    static const Tunable kOurs[] = {
        {"glibc.malloc.hugetlb", "1"},
        // A fixed threshold (a set one is never raised) gives blocks of 128 KiB and more their
        // own mappings, returned whole when freed: a sync's 100k-entry arrays, and the pieces,
        // arenas and buffers its readers and writers make and let go of. Under glibc's rising
        // threshold the arrays came from the heap, and the holes they left kept 3-5 MiB more
        // resident; at 2 MiB the others still left 5-8 MiB free but resident in the heaps at a
        // sync's peak (about 2 MiB more than now; at 64 KiB the again-sync took 10 ms longer).
        {"glibc.malloc.mmap_threshold", "131072"},
        // One heap for all threads: glibc 2.36 backs the main heap with huge pages, not the
        // heaps of other threads' arenas (a 6 MiB block took 15 faults in the one, 1500 in the
        // other), and a sync's second thread makes as many small blocks as the first (names,
        // pages, pieces). At 100k the first sync took 50 ms less, the same sync again 16 ms
        // less (0.2-0.5 MiB more at their peaks: both threads' small blocks in one heap).
        {"glibc.malloc.arena_max", "1"},
    };
    const char* off = std::getenv("KEYSYNC_HUGE_PAGES");
    if (off && std::string(off) == "0") return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string tunables = current ? current : "";
    if (tunables.find(kOurs[0].name) != std::string::npos) return;  // set already (by us, or by the user)
    for (const Tunable& t : kOurs) {
        if (tunables.find(t.name) != std::string::npos) continue;  // (one the user set is theirs)
        if (!tunables.empty()) tunables += ':';
        tunables.append(t.name).append("=").append(t.value);
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);  // its real name, so ps still says keysync
    if (n <= 0) return;
    self[n] = '\0';
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    execv(self, argv);
    // No /proc, or exec refused: run on as we are, with the variable left as it was.
    if (current) setenv("GLIBC_TUNABLES", current, 1);
    else unsetenv("GLIBC_TUNABLES");
}

void restart_with_huge_page_malloc(char** argv, std::uintmax_t run_bytes) {
    if (run_bytes >= kHugePagesWorthFrom) restart_with_huge_page_malloc(argv);
}

std::uintmax_t run_bytes(const std::vector<std::string>& words, const std::filesystem::path& home) {
    std::uintmax_t largest = 0, named = 0;
    for (const std::string& word : words) {
        if (word.empty() || word[0] == '-') continue;
        std::error_code error;
        if (std::filesystem::is_regular_file(word, error)) {
            std::uintmax_t size = std::filesystem::file_size(word, error);
            if (!error) largest = std::max(largest, size), ++named;  // (on an error it gives -1: no size to count)
            continue;
        }
        if (home.empty() && word.find(':') == std::string::npos) continue;
        try {
            largest = std::max(largest, parse_location(word, home).files_bytes());
            ++named;
        } catch (const std::exception&) {  // not a location: the command says so, in its turn
        }
    }
    return largest * named;
}

}  // namespace keysync
