#include "keysync/huge_pages.hpp"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace keysync {

void restart_with_huge_page_malloc(char** argv) {
    static const std::string kTunable = "glibc.malloc.hugetlb=1";
    // A fixed threshold (a set one is never raised) gives blocks of 128 KiB and more their own
    // mappings, returned whole when freed: a sync's 100k-entry arrays, and the pieces, arenas
    // and buffers its readers and writers make and let go of. Under glibc's rising threshold
    // the arrays came from the heap, and the holes they left kept 3-5 MiB more resident; at
    // 2 MiB the others still left 5-8 MiB free but resident in the heaps at a sync's peak
    // (about 2 MiB more than now; at 64 KiB the again-sync took 10 ms longer).
    static const std::string kMmapThreshold = "glibc.malloc.mmap_threshold=131072";
    const char* off = std::getenv("KEYSYNC_HUGE_PAGES");
    if (off && std::string(off) == "0") return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string tunables = current ? current : "";
    if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;  // set already (by us, or by the user)
    std::string ours = kTunable;
    if (tunables.find("glibc.malloc.mmap_threshold") == std::string::npos) ours += ":" + kMmapThreshold;  // the user's, if set
    tunables = tunables.empty() ? ours : tunables + ":" + ours;
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

void restart_with_huge_page_malloc(char** argv, std::uintmax_t input_bytes) {
    if (input_bytes >= kHugePagesWorthFrom) restart_with_huge_page_malloc(argv);
}

}  // namespace keysync
