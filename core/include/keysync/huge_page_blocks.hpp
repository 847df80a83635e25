#pragma once
// Large blocks (2 MiB and more: a sync's 100k-entry arrays, its files' text) each on a mapping
// of its own that starts on a 2 MiB boundary and is marked for transparent huge pages, so that
// every whole 2 MiB of it is one huge page. glibc maps such a block wherever mmap puts it: only
// the 2 MiB stretches that happen to lie wholly inside get huge pages, the rest (about a third
// of a 6 MiB array) is 4 KiB pages. On this project's VM, whose pages are shadowed by the
// hypervisor, the first touch of each 4 KiB page costs about 4.5 us even after MADV_POPULATE_WRITE:
// a fresh 6.4 MB block took 5.3 ms to fill that way, 0.5 ms on huge pages.
// The programs' operator new hands such sizes here (huge_page_new.cpp); the library itself
// allocates as usual.
#include <cstddef>

namespace keysync {

// Smaller blocks hold no whole huge page: they stay with malloc.
inline constexpr std::size_t kHugePageBlockFrom = std::size_t{2} << 20;
// At most this many at once (a sync holds a few dozen); more come from malloc.
inline constexpr std::size_t kMostHugePageBlocks = 256;

// SIZE bytes (kHugePageBlockFrom or more) starting on a 2 MiB boundary; nullptr when no mapping
// can be made, or when kMostHugePageBlocks are in use already (the caller then takes malloc's).
void* allocate_huge_page_block(std::size_t size) noexcept;

// Unmaps BLOCK when allocate_huge_page_block made it and returns true; false, doing nothing,
// for any other pointer (one from malloc, nullptr).
bool free_huge_page_block(void* block) noexcept;

}  // namespace keysync
