#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "keysync/prefault.hpp"

namespace keysync {
namespace {
// How many of the whole pages of [DATA, DATA + BYTES) are resident (mincore).
std::size_t resident_pages(const void* data, std::size_t bytes, std::size_t& pages) {
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
    auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
    pages = (end - begin) / page;
    std::vector<unsigned char> in_core(pages);
    EXPECT_EQ(mincore(reinterpret_cast<void*>(begin), end - begin, in_core.data()), 0);
    std::size_t resident = 0;
    for (unsigned char c : in_core) resident += c & 1;
    return resident;
}
}  // namespace

// A fresh mapping's pages are made resident in one call (Linux 5.14 and later:
// MADV_POPULATE_WRITE), and keep what they hold; a small block is left alone.
TEST(Prefault, ABlocksPagesAreMadeResidentAtOnce) {
    constexpr std::size_t kBytes = 4 << 20;
    void* block = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(block, MAP_FAILED);
    madvise(block, kBytes, MADV_NOHUGEPAGE);  // 4 KiB pages even where huge pages are always on
    auto* bytes = static_cast<unsigned char*>(block);
    bytes[0] = 42;
    std::size_t pages = 0;
    EXPECT_EQ(resident_pages(block, kBytes, pages), 1u);  // only the page written
    prefault(bytes + 4096, 64 << 10);                    // too small to be worth a call
    EXPECT_EQ(resident_pages(block, kBytes, pages), 1u);
    prefault(block, kBytes);
    EXPECT_EQ(resident_pages(block, kBytes, pages), pages);
    EXPECT_EQ(pages, kBytes / static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
    EXPECT_EQ(bytes[0], 42);
    EXPECT_EQ(bytes[kBytes - 1], 0);
    munmap(block, kBytes);
}

// A vector about to be filled gets room for as many; what it held is kept.
TEST(Prefault, ReservedRoomKeepsTheContents) {
    std::vector<std::uint32_t> v{7, 8, 9};
    reserve_resident(v, 1 << 20);
    EXPECT_GE(v.capacity(), 1u << 20);
    EXPECT_EQ(v, (std::vector<std::uint32_t>{7, 8, 9}));
    std::vector<std::uint32_t> filled = resident_vector<std::uint32_t>(1 << 20, 5);
    ASSERT_EQ(filled.size(), 1u << 20);
    EXPECT_EQ(filled.front(), 5u);
    EXPECT_EQ(filled.back(), 5u);
    reserve_resident(filled, 10);  // room it has already: nothing changes
    EXPECT_EQ(filled.size(), 1u << 20);
}

}  // namespace keysync
