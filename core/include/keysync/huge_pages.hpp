#pragma once
// Large stores (100k fingerprints) spend most of their time taking page faults, one 4 KiB page
// at a time. glibc's malloc backs its memory with transparent huge pages when the
// GLIBC_TUNABLES variable asks for it (glibc.malloc.hugetlb=1), but it reads that variable only
// when a program starts. A command (the keysync CLI, the bench) calls this before its work: it
// restarts the program once with the tunable set (and a fixed mmap threshold of 128 KiB and one
// arena for all threads, each unless the variable names it) and returns only when that is
// already done, impossible, or turned off with KEYSYNC_HUGE_PAGES=0. Plugins live in their
// client and never call it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace keysync {

void restart_with_huge_page_malloc(char** argv);

// The same when a run handles about RUN_BYTES (what it reads and writes), from 16 MiB on:
// starting the program again loads every library a second time (7-10 ms here), which huge
// pages win back only for large stores (a sync of 100k fingerprints, 55 MiB of files, gains
// 35 ms; one of 10k, 5 MiB, nothing), while most people's few hundred fingerprints would only
// wait for it.
void restart_with_huge_page_malloc(char** argv, std::uintmax_t run_bytes);
constexpr std::uintmax_t kHugePagesWorthFrom = std::uintmax_t{16} << 20;

// About the bytes a command run with WORDS handles, from the locations (APP, APP:DIR; an APP
// alone only with a HOME) and files they name. Each location may be given all of the largest
// one (a first sync of a full Pidgin home with three empty ones writes three times what it
// reads), so the largest counts once for each. A word that is neither counts nothing; one that
// is an option's value (--prefer pidgin) may count a location only read, about the same work.
std::uintmax_t run_bytes(const std::vector<std::string>& words, const std::filesystem::path& home);

}  // namespace keysync
