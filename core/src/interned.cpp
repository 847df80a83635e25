#include "keysync/interned.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace keysync {

namespace interned_pool {
Page* shard_pages[std::size_t{1} << kShardBits][kPagesPerShard];
}  // namespace interned_pool

namespace {

using interned_pool::kPageBits;
using interned_pool::kPagesPerShard;

// A shard of the pool: strings in a deque (their addresses never change), numbered in the order
// they came; found by their text through a flat open-addressing table of (hash, string) slots,
// so a lookup of one of 100k names touches one slot and one string instead of a bucket, a node
// and a string; found by their number through the shard's pages (interned_pool::text).
class alignas(64) Shard {  // a cache line of its own: the two threads lock different shards
public:
    // Its number's place in the shard (the pool adds the shard).
    std::uint32_t intern(std::string_view text, std::size_t hash, interned_pool::Page** pages) {
        std::lock_guard<std::mutex> lock(mutex_);
        if ((strings_.size() + 1) * 10 > slots_.size() * 7) grow();
        for (std::size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& slot = slots_[i];
            if (!slot.text) {
                std::size_t place = strings_.size();
                if (place >= kPagesPerShard << kPageBits) throw std::length_error("too many distinct names to keep");
                if (!pages[place >> kPageBits]) pages[place >> kPageBits] = new interned_pool::Page{};  // before its number is given out
                slot = {hash, &strings_.emplace_back(text), static_cast<std::uint32_t>(place)};
                pages[place >> kPageBits]->strings[place & ((std::size_t{1} << kPageBits) - 1)] = slot.text;
                return slot.place;
            }
            if (slot.hash == hash && *slot.text == text) return slot.place;
        }
    }

private:
    struct Slot {
        std::size_t hash = 0;
        const std::string* text = nullptr;
        std::uint32_t place = 0;
    };

    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(64, slots_.size() * 2));
        old.swap(slots_);
        for (const Slot& s : old)
            if (s.text) {
                std::size_t i = s.hash & (slots_.size() - 1);
                while (slots_[i].text) i = (i + 1) & (slots_.size() - 1);
                slots_[i] = s;
            }
    }

    std::mutex mutex_;
    std::deque<std::string> strings_;
    std::vector<Slot> slots_;
};

// The pool: shards chosen by the hash's top bits, each with its own lock, so a sync reading
// two locations at once (both interning 100k names) rarely waits for the other thread.
class Pool {
public:
    std::uint32_t intern(std::string_view text) {
        std::size_t hash = std::hash<std::string_view>{}(text);
        std::size_t shard = hash >> (sizeof(std::size_t) * 8 - interned_pool::kShardBits);
        return static_cast<std::uint32_t>(shard << interned_pool::kPlaceBits) |
               shards_[shard].intern(text, hash, interned_pool::shard_pages[shard]);
    }

private:
    Shard shards_[1 << interned_pool::kShardBits];
};

// Never destroyed: interned strings may be used by other static objects' destructors.
Pool& pool() {
    static Pool* instance = new Pool;
    return *instance;
}

}  // namespace

Interned::Interned() {
    static const std::uint32_t empty_string = pool().intern("");
    id_ = empty_string;
}

Interned::Interned(std::string_view text) : id_(pool().intern(text)) {}

}  // namespace keysync
