#pragma once
// Positions of entries in a vector, by a hash of the entry: a multimap in one flat array, so
// indexing 100k fingerprints allocates one block instead of a heap node per entry. Lookups
// give every position stored under the same 32-bit hash tag; callers compare the entries.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "keysync/prefault.hpp"

namespace keysync {

class HashedPositions {
public:
    // Room for COUNT positions, in a table of just the slots they need (not the next power of
    // two: 100k fingerprints' index takes 1.1 MiB instead of 2).
    void reserve(std::size_t count) {
        if (!fits(count)) rehash(capacity_for(count));
    }

    void insert(std::size_t hash, std::size_t position) {
        if (!fits(used_ + 1)) rehash(std::max(capacity_for(used_ + 1), slots_.size() * 2));  // grown by doubling
        std::uint32_t t = tag(hash);
        std::size_t i = home(t);
        while (slots_[i].position != kEmpty && slots_[i].position != kRemoved) i = next(i);
        if (slots_[i].position == kEmpty) ++used_;
        slots_[i] = {t, static_cast<std::uint32_t>(position)};
        ++size_;
    }

    void erase(std::size_t hash, std::size_t position) {
        for_slots(tag(hash), [&](Slot& s) {
            if (s.position != position) return false;
            s.position = kRemoved;  // a tombstone: later entries of the same probe run stay reachable
            --size_;
            return true;
        });
    }

    // F(position) for each position stored under HASH's tag.
    template <typename F>
    void each(std::size_t hash, F f) const {
        const_cast<HashedPositions*>(this)->for_slots(tag(hash), [&](Slot& s) {
            f(static_cast<std::size_t>(s.position));
            return false;
        });
    }

    bool empty() const { return size_ == 0; }

    // Asks the CPU to fetch the slot a lookup of HASH starts at: a loop of lookups that asks a
    // few lookups ahead overlaps their waits on memory instead of waiting on each in turn.
    void prefetch(std::size_t hash) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(tag(hash))]);
    }

private:
    struct Slot {
        std::uint32_t tag;
        std::uint32_t position;
    };
    static constexpr std::uint32_t kEmpty = UINT32_MAX, kRemoved = UINT32_MAX - 1;

    static std::uint32_t tag(std::size_t hash) { return static_cast<std::uint32_t>((hash * 0x9E3779B97F4A7C15ull) >> 32); }
    // At most 70% of the slots in use (live or tombstones), so probe runs stay short.
    bool fits(std::size_t count) const { return count * 10 <= slots_.size() * 7; }
    static std::size_t capacity_for(std::size_t count) { return std::max<std::size_t>(16, (count * 10 + 6) / 7); }
    // A tag's first slot: the tag scaled to the table's size (which need not be a power of two).
    std::size_t home(std::uint32_t t) const { return static_cast<std::size_t>((std::uint64_t{t} * slots_.size()) >> 32); }
    std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }

    // F(slot) for each live slot with tag T until F returns true.
    template <typename F>
    void for_slots(std::uint32_t t, F f) {
        if (slots_.empty()) return;
        for (std::size_t i = home(t); slots_[i].position != kEmpty; i = next(i))
            if (slots_[i].position != kRemoved && slots_[i].tag == t && f(slots_[i])) return;
    }

    void rehash(std::size_t capacity) {
        std::vector<Slot> old = resident_vector(capacity, Slot{0, kEmpty});
        old.swap(slots_);
        used_ = size_ = 0;
        for (const Slot& s : old)
            if (s.position != kEmpty && s.position != kRemoved) {
                std::size_t i = home(s.tag);
                while (slots_[i].position != kEmpty) i = next(i);
                slots_[i] = s;
                ++used_, ++size_;
            }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;  // live positions
    std::size_t used_ = 0;  // live positions and tombstones
};

}  // namespace keysync
