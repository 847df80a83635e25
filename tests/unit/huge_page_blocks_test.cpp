#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "keysync/huge_page_blocks.hpp"

namespace keysync {
namespace {

constexpr std::uintptr_t kTwoMiB = std::uintptr_t{2} << 20;

// The mapping of this process that holds ADDRESS, as /proc/self/smaps tells it: its range and
// its VmFlags line ("" when no mapping holds it).
struct Mapping {
    std::uintptr_t begin = 0, end = 0;
    std::string flags;
};
Mapping mapping_holding(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    Mapping found;
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> begin >> dash >> end && dash == '-' && line.find(':') > line.find(' ')) {
            inside = begin <= at && at < end;
            if (inside) found.begin = begin, found.end = end;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            found.flags = line;
        }
    }
    return found;
}

bool mapped(std::uintptr_t page) { return msync(reinterpret_cast<void*>(page), 4096, MS_ASYNC) == 0; }

}  // namespace

// The block starts on a 2 MiB boundary, on a mapping of exactly its pages marked for huge
// pages ("hg"), none of them resident until written; freeing it unmaps all of it.
TEST(HugePageBlocks, BlockIsAMappingOfItsOwnOnA2MiBBoundaryMarkedForHugePages) {
    const std::size_t size = 3 * (1 << 20) + 100, pages = (size + 4095) / 4096;
    auto* block = static_cast<char*>(allocate_huge_page_block(size));
    ASSERT_NE(block, nullptr);
    const auto at = reinterpret_cast<std::uintptr_t>(block);
    EXPECT_EQ(at % kTwoMiB, 0u);
    std::vector<unsigned char> resident(pages);
    ASSERT_EQ(mincore(block, size, resident.data()), 0);
    EXPECT_EQ(std::count(resident.begin(), resident.end(), 1), 0);
    block[0] = 1, block[size - 1] = 2;  // all of it is writable
    Mapping m = mapping_holding(block);
    EXPECT_EQ(m.begin, at);
    EXPECT_EQ(m.end - m.begin, pages * 4096);  // cut down to its pages
    if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) {  // (a kernel without them refuses the advice)
        EXPECT_NE(m.flags.find(" hg"), std::string::npos) << m.flags;
    }
    EXPECT_TRUE(free_huge_page_block(block));
    EXPECT_FALSE(mapped(at));
    EXPECT_FALSE(mapped(m.end - 4096));
}

TEST(HugePageBlocks, SmallerSizesAreLeftToMalloc) {
    EXPECT_EQ(allocate_huge_page_block(kHugePageBlockFrom - 1), nullptr);
    EXPECT_EQ(allocate_huge_page_block(0), nullptr);
    EXPECT_EQ(allocate_huge_page_block(SIZE_MAX), nullptr);
}

// Any other pointer is not freed, even one that sits where a block would (on a 2 MiB
// boundary) on a mapping the blocks did not make.
TEST(HugePageBlocks, OtherPointersAreNotTheirs) {
    EXPECT_FALSE(free_huge_page_block(nullptr));
    void* small = std::malloc(100);
    EXPECT_FALSE(free_huge_page_block(small));
    std::free(small);
    void* mapping = mmap(nullptr, 2 * kTwoMiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(mapping, MAP_FAILED);
    const std::uintptr_t boundary = (reinterpret_cast<std::uintptr_t>(mapping) + kTwoMiB - 1) & ~(kTwoMiB - 1);
    EXPECT_FALSE(free_huge_page_block(reinterpret_cast<void*>(boundary)));
    EXPECT_TRUE(mapped(boundary));
    void* block = allocate_huge_page_block(kHugePageBlockFrom);
    ASSERT_NE(block, nullptr);
    EXPECT_FALSE(free_huge_page_block(static_cast<char*>(block) + 64));  // inside one is not one
    EXPECT_TRUE(free_huge_page_block(block));
    EXPECT_FALSE(free_huge_page_block(block));  // nor one freed already
    munmap(mapping, 2 * kTwoMiB);
}

// Past kMostHugePageBlocks at once, no more are made (the caller takes malloc's) until one is freed.
TEST(HugePageBlocks, NoMoreThanTheMostAtOnce) {
    std::vector<void*> blocks;
    for (std::size_t i = 0; i < kMostHugePageBlocks; ++i) {
        blocks.push_back(allocate_huge_page_block(kHugePageBlockFrom));  // (address space only: never touched)
        ASSERT_NE(blocks.back(), nullptr) << i;
    }
    EXPECT_EQ(allocate_huge_page_block(kHugePageBlockFrom), nullptr);
    ASSERT_TRUE(free_huge_page_block(blocks.back()));
    blocks.back() = allocate_huge_page_block(kHugePageBlockFrom);
    EXPECT_NE(blocks.back(), nullptr);
    for (void* b : blocks) EXPECT_TRUE(free_huge_page_block(b));
}

// Two threads making and freeing blocks at once each get blocks of their own.
TEST(HugePageBlocks, TwoThreadsAtOnce) {
    auto churn = [](char mark, int* bad) {
        for (int i = 0; i < 300; ++i) {
            auto* block = static_cast<char*>(allocate_huge_page_block(kHugePageBlockFrom + 4096));
            if (!block) {
                ++*bad;
                continue;
            }
            block[0] = mark, block[kHugePageBlockFrom] = mark;
            std::this_thread::yield();
            if (block[0] != mark || block[kHugePageBlockFrom] != mark || !free_huge_page_block(block)) ++*bad;
        }
    };
    int bad_a = 0, bad_b = 0;
    std::thread a(churn, 'a', &bad_a), b(churn, 'b', &bad_b);
    a.join(), b.join();
    EXPECT_EQ(bad_a, 0);
    EXPECT_EQ(bad_b, 0);
}

}  // namespace keysync
