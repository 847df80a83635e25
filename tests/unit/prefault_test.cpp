#include <cstdint>
#include <new>
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

// Room straight from fresh mappings: malloc's may be resident already (reused, or filled by
// MALLOC_PERTURB_, which meson test sets).
template <typename T>
struct MappedRoom {
    using value_type = T;
    MappedRoom() = default;
    template <typename U>
    MappedRoom(const MappedRoom<U>&) {}
    T* allocate(std::size_t n) {
        void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        madvise(p, n * sizeof(T), MADV_NOHUGEPAGE);  // 4 KiB pages even where huge pages are always on
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) { munmap(p, n * sizeof(T)); }
    bool operator==(const MappedRoom&) const { return true; }
};
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
    prefault(bytes + 4096, 16 << 10);                    // too small to be worth a call
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

// A vector filled an entry at a time into a large reserve: only the 64 KiB ahead of its end
// are made resident, when it reaches them, not the rest of its room.
TEST(Prefault, AVectorFilledOneByOneHasOnlyTheRoomAheadMadeResident) {
    constexpr std::size_t kRoom = 1 << 20, kAhead = (64 << 10) / sizeof(std::uint64_t);
    std::vector<std::uint64_t, MappedRoom<std::uint64_t>> v;
    v.reserve(kRoom);  // 8 MiB, none of it resident yet
    std::size_t pages = 0;
    ASSERT_EQ(resident_pages(v.data(), kRoom * sizeof(std::uint64_t), pages), 0u);
    prefault_ahead(v);  // at its start: its first 64 KiB
    const std::size_t batch = resident_pages(v.data(), kRoom * sizeof(std::uint64_t), pages);
    EXPECT_EQ(batch, (64u << 10) / static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
    EXPECT_EQ(resident_pages(v.data(), kAhead * sizeof(std::uint64_t), pages), batch);  // all of them ahead
    for (std::size_t i = 0; i < kAhead - 1; ++i) {
        v.push_back(i);
        prefault_ahead(v);  // not yet at the next 64 KiB: nothing more
    }
    EXPECT_EQ(resident_pages(v.data(), kRoom * sizeof(std::uint64_t), pages), batch);
    v.push_back(kAhead - 1);
    prefault_ahead(v);  // the next 64 KiB
    const std::size_t two = resident_pages(v.data(), kRoom * sizeof(std::uint64_t), pages);
    EXPECT_EQ(two, 2 * batch);
    EXPECT_EQ(resident_pages(v.data(), 2 * kAhead * sizeof(std::uint64_t), pages), two);  // the first 128 KiB
    EXPECT_EQ(v[kAhead - 1], kAhead - 1);
}

// Entries whose size does not divide 64 KiB (a reader's 28-byte records) get their room ahead
// made resident too, every page of it, though no block of them ends at a page's end.
TEST(Prefault, EntriesOfAnOddSizeHaveTheirRoomAheadMadeResident) {
    struct Record {
        char bytes[28];
    };
    constexpr std::size_t kRoom = 1 << 18;
    std::vector<Record, MappedRoom<Record>> v;
    v.reserve(kRoom);  // 7 MiB, none of it resident yet
    std::size_t pages = 0;
    ASSERT_EQ(resident_pages(v.data(), kRoom * sizeof(Record), pages), 0u);
    const std::size_t ahead = 3 * kPrefaultWorthIt / sizeof(Record);  // three blocks' worth, about
    for (std::size_t i = 0; i < ahead; ++i) {
        prefault_ahead(v);
        // The page the entry goes to (its last byte's: an entry may straddle two) is resident before it is written.
        const auto* last_byte = reinterpret_cast<const unsigned char*>(v.data() + v.size() + 1) - 1;
        const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
        unsigned char in_core = 0;
        ASSERT_EQ(mincore(reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(last_byte) & ~(page - 1)), 1, &in_core), 0);
        ASSERT_TRUE(in_core & 1) << "entry " << i << " would fault its page in";
        v.push_back(Record{});
    }
    // Not all of its room: no more than the next block ahead.
    EXPECT_LE(resident_pages(v.data(), kRoom * sizeof(Record), pages) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)),
              v.size() * sizeof(Record) + 2 * kPrefaultWorthIt);
}

// Room made for a vector being filled: what it holds is moved, in order; the room beyond is not
// made resident (prefault_ahead does, as it is reached); room it has already: no change.
TEST(Prefault, RoomAheadKeepsTheEntriesAndLeavesTheRestOfItsRoomAlone) {
    std::vector<std::uint64_t, MappedRoom<std::uint64_t>> v;
    for (std::uint64_t i = 0; i < 20000; ++i) v.push_back(i * 3);  // 160 KiB, grown by doubling
    reserve_ahead(v, 1 << 20);                                     // 8 MiB of room
    ASSERT_GE(v.capacity(), 1u << 20);
    ASSERT_EQ(v.size(), 20000u);
    EXPECT_EQ(v[0], 0u);
    EXPECT_EQ(v[19999], 19999u * 3);
    std::size_t pages = 0;
    const std::size_t held = resident_pages(v.data(), v.size() * sizeof(std::uint64_t), pages);
    EXPECT_EQ(held, pages);
    EXPECT_LE(resident_pages(v.data(), v.capacity() * sizeof(std::uint64_t), pages), held + 2);  // not the rest of its room
    const auto* data = v.data();
    reserve_ahead(v, 1000);
    EXPECT_EQ(v.data(), data);
}

}  // namespace keysync
