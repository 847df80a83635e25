// Run in a process of its own (tests/meson.build): the free space other tests' threads leave in
// their heaps would be what it measures.
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "keysync/free_memory.hpp"

namespace keysync {
namespace {
// The process's resident bytes, as /proc/self/statm counts them.
long resident_bytes() {
    long size = 0, resident = 0;
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm || std::fscanf(statm, "%ld %ld", &size, &resident) != 2) ADD_FAILURE() << "cannot read /proc/self/statm";
    if (statm) std::fclose(statm);
    return resident * sysconf(_SC_PAGESIZE);
}
// MIB MiB of small blocks, written, then freed but for one after them (which keeps the freed
// space inside the heap instead of at its top, where free() itself gives it back).
void* fill_and_free_heap(int mib) {
    std::vector<char*> blocks;
    for (int i = 0; i < mib * 1024; ++i) {
        blocks.push_back(static_cast<char*>(std::malloc(1000)));
        for (int k = 0; k < 1000; k += 64) blocks.back()[k] = 1;
    }
    void* pin = std::malloc(1000);
    for (char* b : blocks) std::free(b);
    return pin;
}
}  // namespace

// Megabytes of freed blocks in the heap are given back; one or two, which the next step of a
// sync reuses, are left where they are (trimming them cost a 100k sync 13-35 ms of CPU).
TEST(FreeMemory, GivesBackAHeapHoldingMegabytesAndLeavesAFewAlone) {
    void* pin = fill_and_free_heap(1);
    long before = resident_bytes();
    give_back_free_memory();
    EXPECT_LT(before - resident_bytes(), 256 << 10);  // left alone
    std::free(pin);
    pin = fill_and_free_heap(12);
    before = resident_bytes();
    give_back_free_memory();
    EXPECT_GT(before - resident_bytes(), 6 << 20);  // given back
    std::free(pin);
}

}  // namespace keysync
