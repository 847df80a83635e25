#pragma once
// Large stores (100k fingerprints) spend most of their time taking page faults, one 4 KiB page
// at a time. glibc's malloc backs its memory with transparent huge pages when the
// GLIBC_TUNABLES variable asks for it (glibc.malloc.hugetlb=1), but it reads that variable only
// when a program starts. A command (the keysync CLI, the bench) calls this before its work: it
// restarts the program once with the tunable set (and a fixed mmap threshold of 128 KiB, unless
// the variable names one) and returns only when that is already done,
// impossible, or turned off with KEYSYNC_HUGE_PAGES=0. Plugins live in their client and never
// call it.
#include <cstdint>

namespace keysync {

void restart_with_huge_page_malloc(char** argv);

// The same when a run's input files hold INPUT_BYTES, from 16 MiB on: starting the program
// again loads every library a second time (7-10 ms here), which huge pages win back only for
// large stores (a sync of 100k fingerprints, 55 MiB of files, gains 35 ms; one of 10k, 5 MiB,
// nothing), while most people's few hundred fingerprints would only wait for it.
void restart_with_huge_page_malloc(char** argv, std::uintmax_t input_bytes);
constexpr std::uintmax_t kHugePagesWorthFrom = std::uintmax_t{16} << 20;

}  // namespace keysync
