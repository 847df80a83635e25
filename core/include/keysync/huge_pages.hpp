#pragma once
// Large stores (100k fingerprints) spend most of their time taking page faults, one 4 KiB page
// at a time. glibc's malloc backs its memory with transparent huge pages when the
// GLIBC_TUNABLES variable asks for it (glibc.malloc.hugetlb=1), but it reads that variable only
// when a program starts. A command (the keysync CLI, the bench) calls this first thing: it
// restarts the program once with the tunable set (and a fixed mmap threshold of 2 MiB, unless
// the variable names one) and returns only when that is already done,
// impossible, or turned off with KEYSYNC_HUGE_PAGES=0. Plugins live in their client and never
// call it.
namespace keysync {

void restart_with_huge_page_malloc(char** argv);

}  // namespace keysync
