#pragma once
// Making a large block's pages resident in one call instead of a page fault for each 4 KiB: on
// a virtual machine each fault costs about 10 µs (a 6 MiB store of 100k entries takes 1500 of
// them), and the kernel maps and clears the same pages in a third of the time when asked at
// once. Only for blocks about to be filled: their pages would be resident soon anyway.
#include <cstddef>
#include <iterator>
#include <vector>

namespace keysync {

// Less than this is not worth a call: a few faults cost less.
inline constexpr std::size_t kPrefaultWorthIt = 64 << 10;

// The pages [DATA, DATA + BYTES) touches (its first and last partly filled ones too: making a
// page resident leaves what it holds as it is); nothing for less than kPrefaultWorthIt, or
// where the kernel cannot (before Linux 5.14).
void prefault(void* data, std::size_t bytes);

// V.reserve(COUNT), its new room made resident (for a vector about to be filled to COUNT).
template <typename T>
void reserve_resident(std::vector<T>& v, std::size_t count) {
    v.reserve(count);
    prefault(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(T));
}

// Before V grows by one entry: its room's next 64 KiB made resident as it reaches them (for a
// vector filled an entry at a time into room reserved by an estimate, whose unused end would
// be made resident too if all of it were at once: the five such stores of a sync's readers
// held 0.5 MiB more at its peak with 256 KiB at a time).
template <typename T, typename Allocator>
void prefault_ahead(std::vector<T, Allocator>& v) {
    // (Rounded up: 2340 entries of 28 bytes fall 16 bytes short of the 64 KiB worth a call.)
    constexpr std::size_t kAhead = (kPrefaultWorthIt + sizeof(T) - 1) / sizeof(T);
    if (v.size() % kAhead == 0 && v.capacity() - v.size() >= kAhead) prefault(v.data() + v.size(), kAhead * sizeof(T));
}

// V.reserve(COUNT) for a vector then filled an entry at a time (prefault_ahead): the entries it
// holds are moved onto pages made resident at once (a reader's 5k entries when it learns how
// many its file holds: 80 page faults), the rest of its room left to prefault_ahead.
template <typename T, typename Allocator>
void reserve_ahead(std::vector<T, Allocator>& v, std::size_t count) {
    if (count <= v.capacity()) return;
    std::vector<T, Allocator> room(v.get_allocator());
    room.reserve(count);
    prefault(room.data(), v.size() * sizeof(T));
    room.insert(room.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    v.swap(room);
}

// COUNT copies of VALUE, their room made resident first.
template <typename T>
std::vector<T> resident_vector(std::size_t count, const T& value) {
    std::vector<T> v;
    reserve_resident(v, count);
    v.assign(count, value);
    return v;
}

}  // namespace keysync
