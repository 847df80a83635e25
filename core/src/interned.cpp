#include "keysync/interned.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace keysync {
namespace {

// A shard of the pool: strings in a deque (their addresses never change) found through a flat
// open-addressing table of (hash, string) slots, so a lookup of one of 100k names touches one
// slot and one string instead of a bucket, a node and a string.
class alignas(64) Shard {  // a cache line of its own: the two threads lock different shards
public:
    const std::string* intern(std::string_view text, std::size_t hash) {
        std::lock_guard<std::mutex> lock(mutex_);
        if ((strings_.size() + 1) * 10 > slots_.size() * 7) grow();
        for (std::size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            Slot& slot = slots_[i];
            if (!slot.text) {
                slot = {hash, &strings_.emplace_back(text)};
                return slot.text;
            }
            if (slot.hash == hash && *slot.text == text) return slot.text;
        }
    }

private:
    struct Slot {
        std::size_t hash = 0;
        const std::string* text = nullptr;
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
    const std::string* intern(std::string_view text) {
        std::size_t hash = std::hash<std::string_view>{}(text);
        return shards_[hash >> (sizeof(std::size_t) * 8 - kShardBits)].intern(text, hash);
    }

private:
    static constexpr int kShardBits = 5;
    Shard shards_[1 << kShardBits];
};

// Never destroyed: interned strings may be used by other static objects' destructors.
Pool& pool() {
    static Pool* instance = new Pool;
    return *instance;
}

}  // namespace

Interned::Interned() {
    static const std::string* empty_string = pool().intern("");
    text_ = empty_string;
}

Interned::Interned(std::string_view text) : text_(pool().intern(text)) {}

}  // namespace keysync
