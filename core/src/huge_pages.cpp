#include "keysync/huge_pages.hpp"

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace keysync {

void restart_with_huge_page_malloc(char** argv) {
    static const std::string kTunable = "glibc.malloc.hugetlb=1";
    // A fixed threshold (a set one is never raised) gives blocks of 2 MiB and more, a sync's
    // 100k-entry arrays, their own mappings, returned whole when freed; under glibc's rising
    // one they came from the heap, and the holes they left there kept 3-5 MiB more resident.
    static const std::string kMmapThreshold = "glibc.malloc.mmap_threshold=2097152";
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

}  // namespace keysync
