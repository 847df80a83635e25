// A program with the keysync command's operator new (core/src/huge_page_new.cpp), run twice
// (tests/meson.build): as the command runs, and with KEYSYNC_HUGE_PAGES=0 (HugePageNewOff.*).
#include <cstdint>
#include <memory>
#include <string>
#include <sys/mman.h>
#include <vector>

#include <gtest/gtest.h>

#include "keysync/huge_page_blocks.hpp"

namespace keysync {
namespace {

constexpr std::uintptr_t kTwoMiB = std::uintptr_t{2} << 20;

bool mapped(const void* address) {
    return msync(reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address) & ~std::uintptr_t{4095}), 4096, MS_ASYNC) == 0;
}

}  // namespace

// A 100k-entry array's room comes from a huge-page block, and goes back with the array.
TEST(HugePageNew, LargeArraysAreHugePageBlocks) {
    const void* data = nullptr;
    {
        std::vector<std::uint64_t> entries;
        entries.reserve(400000);  // 3.2 MB
        data = entries.data();
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(data) % kTwoMiB, 0u);
        for (std::uint64_t i = 0; i < 400000; ++i) entries.push_back(i * 3);
        EXPECT_EQ(entries[399999], 399999u * 3);
        EXPECT_TRUE(mapped(data));
    }
    EXPECT_FALSE(mapped(data));  // unmapped when the vector let go of it
}

// Small blocks are malloc's; an array growing past 2 MiB moves from malloc's to a huge-page
// block with what it held; new[] and delete[] go the same ways.
TEST(HugePageNew, SmallBlocksAreMallocsAndGrowingArraysMoveOver) {
    auto small = std::make_unique<char[]>(1000);
    EXPECT_FALSE(free_huge_page_block(small.get()));
    std::string text;
    for (int i = 0; text.size() < 5 << 20; ++i) text += "peer" + std::to_string(i) + "@example.net\n";
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(text.data()) % kTwoMiB, 0u);
    EXPECT_EQ(text.substr(0, 34), "peer0@example.net\npeer1@example.ne");
    auto block = std::make_unique<char[]>(3 << 20);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block.get()) % kTwoMiB, 0u);
}

// KEYSYNC_HUGE_PAGES=0: large blocks come from malloc too.
TEST(HugePageNewOff, LargeArraysAreMallocs) {
    std::vector<std::uint64_t> entries;
    entries.reserve(400000);
    EXPECT_NE(reinterpret_cast<std::uintptr_t>(entries.data()) % kTwoMiB, 0u);
    entries.assign(400000, 7);
    EXPECT_EQ(entries.back(), 7u);
}

}  // namespace keysync
