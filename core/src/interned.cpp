#include "keysync/interned.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "keysync/prefault.hpp"

namespace keysync {

namespace interned_pool {
Page* shard_pages[std::size_t{1} << kShardBits][kPagesPerShard];
}  // namespace interned_pool

namespace {

using interned_pool::kPageBits;
using interned_pool::kPagesPerShard;

// A shard of the pool: its strings in pages, numbered in the order they came, found by their
// text through a flat open-addressing table of (hash, number) slots of 8 bytes, so a lookup of
// one of 100k names touches one slot and one string instead of a bucket, a node and a string.
class alignas(64) Shard {  // a cache line of its own: the two threads lock different shards
public:
    // Its number's place in the shard (the pool adds the shard).
    std::uint32_t intern(std::string_view text, std::size_t hash, interned_pool::Page** pages) {
        std::lock_guard<std::mutex> lock(mutex_);
        return intern_locked(text, hash, pages);
    }
    // The same for many names under one lock: EACH(intern), where intern(text, hash) is the
    // above. ONLY_IF_FREE: not when another thread holds the lock; returns whether it ran.
    template <typename Each>
    bool intern_each(bool only_if_free, Each each, interned_pool::Page** pages) {
        std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
        if (!only_if_free) lock.lock();
        else if (!lock.try_lock()) return false;
        each([&](std::string_view text, std::size_t hash) { return intern_locked(text, hash, pages); });
        return true;
    }

    // Asks the CPU to fetch the slot HASH's lookup starts at; taking no lock, it may use a table
    // being replaced (only an address is computed from it: a prefetch never faults).
    void prefetch(std::size_t hash) const {
        std::uintptr_t table = table_.load(std::memory_order_relaxed);
        std::size_t size = size_.load(std::memory_order_relaxed);
        __builtin_prefetch(reinterpret_cast<const void*>(table + home(static_cast<std::uint32_t>(hash), size) * sizeof(Slot)));
    }

private:
    std::uint32_t intern_locked(std::string_view text, std::size_t hash, interned_pool::Page** pages) {
        if ((count_ + 1) * 10 > slots_.size() * 7) grow();
        auto short_hash = static_cast<std::uint32_t>(hash);
        for (std::size_t i = home(short_hash, slots_.size());; i = next(i)) {
            Slot& slot = slots_[i];
            if (!slot.taken()) {
                std::uint32_t place = count_;
                if (place >= kPagesPerShard << kPageBits) throw std::length_error("too many distinct names to keep");
                if (!pages[place >> kPageBits]) pages[place >> kPageBits] = new interned_pool::Page;  // before its number is given out
                string_at(pages, place) = kept(text);  // (read by others only once its number is given out)
                ++count_;
                slot = {short_hash, place + 1};
                return place;
            }
            if (slot.short_hash == short_hash && interned_pool::unpack(string_at(pages, slot.place())) == text) return slot.place();
        }
    }

    struct Slot {
        std::uint32_t short_hash = 0;
        std::uint32_t place_plus_one = 0;  // 0: free
        bool taken() const { return place_plus_one != 0; }
        std::uint32_t place() const { return place_plus_one - 1; }
    };

    static interned_pool::PackedString& string_at(interned_pool::Page** pages, std::uint32_t place) {
        return pages[place >> kPageBits]->strings[place & ((std::uint32_t{1} << kPageBits) - 1)];
    }

    // TEXT's characters, NUL-terminated, in the shard's arena: 100k names of 20 characters take
    // 2 MiB there, against 6 MiB as strings each on the heap (a 32-byte string, a 48-byte block).
    interned_pool::PackedString kept(std::string_view text) {
        constexpr std::size_t kBlock = 16 << 10;  // 32 shards leave half a block each unused: 64 KiB ones left 1 MiB
        std::size_t need = text.size() + 1;
        char* at;
        if (need > kBlock / 8) {  // a long one (a file's path can be) gets a block of its own, its size before it
            char* block = blocks_.emplace_back(new char[sizeof(std::size_t) + need]);
            std::size_t size = text.size();
            std::memcpy(block, &size, sizeof size);
            at = block + sizeof size;
        } else {
            if (need > arena_left_) arena_ = blocks_.emplace_back(new char[kBlock]), arena_left_ = kBlock;
            at = arena_;
            arena_ += need, arena_left_ -= need;
        }
        text.copy(at, text.size());
        at[text.size()] = '\0';
        const auto address = static_cast<interned_pool::PackedString>(reinterpret_cast<std::uintptr_t>(at));
        if (address >> interned_pool::kAddressBits) throw std::length_error("a name's address does not fit 48 bits");
        return address | static_cast<interned_pool::PackedString>(std::min(text.size(), interned_pool::kLongSize)) << interned_pool::kAddressBits;
    }

    // A slot's first place in a table of SIZE slots: its short hash scaled to the size, which
    // need not be a power of two; the table grows by half, not by doubling, so it holds 1.4 to
    // 2.1 slots a name, not 1.4 to 2.9 (100k names' tables: 1.4 MiB, not 2).
    static std::size_t home(std::uint32_t short_hash, std::size_t size) { return static_cast<std::size_t>((std::uint64_t{short_hash} * size) >> 32); }
    std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(64, slots_.size() + slots_.size() / 2));
        old.swap(slots_);
        for (const Slot& s : old)
            if (s.taken()) {
                std::size_t i = home(s.short_hash, slots_.size());
                while (slots_[i].taken()) i = next(i);
                slots_[i] = s;
            }
        table_.store(reinterpret_cast<std::uintptr_t>(slots_.data()), std::memory_order_relaxed);
        size_.store(slots_.size(), std::memory_order_relaxed);
    }

    std::mutex mutex_;
    std::uint32_t count_ = 0;
    char* arena_ = nullptr;  // never freed: interned strings live until the process ends
    // Every block the strings are in: the pages keep their addresses packed (not as pointers a
    // leak checker finds), and this keeps them reachable.
    std::vector<char*> blocks_;
    std::size_t arena_left_ = 0;
    std::vector<Slot> slots_;
    std::atomic<std::uintptr_t> table_{0};  // slots_' address and size for prefetch(), read without the lock
    std::atomic<std::size_t> size_{0};
};

// The pool: shards chosen by the hash's top bits, each with its own lock, so a sync reading
// two locations at once (both interning 100k names) rarely waits for the other thread.
class Pool {
public:
    std::uint32_t intern(std::string_view text) { return intern(text, std::hash<std::string_view>{}(text)); }
    std::uint32_t intern(std::string_view text, std::size_t hash) {
        std::size_t shard = shard_of(hash);
        return static_cast<std::uint32_t>(shard << interned_pool::kPlaceBits) |
               shards_[shard].intern(text, hash, interned_pool::shard_pages[shard]);
    }
    void prefetch(std::size_t hash) const { shards_[shard_of(hash)].prefetch(hash); }
    // TEXTS[i], for each i in shard s's run of BY_SHARD (from FIRST[s] to FIRST[s + 1]), with
    // its HASHES[i], given to PUT(i, number): one lock a shard, not one a name (two threads'
    // locks of 100k names each, their lines moving between the cores, were 2-3% of a sync's
    // time). A shard the other thread holds is left for later, not waited for.
    template <typename Put>
    void intern_by_shard(const std::vector<std::string_view>& texts, const std::vector<std::size_t>& hashes,
                         const std::vector<std::uint32_t>& by_shard, const std::size_t* first, Put put) {
        constexpr std::size_t kAhead = 8;  // lookups in flight: enough to cover a miss to memory
        auto run = [&](std::size_t shard, bool only_if_free) {
            return shards_[shard].intern_each(
                only_if_free,
                [&](auto intern) {
                    const auto shard_bits = static_cast<std::uint32_t>(shard << interned_pool::kPlaceBits);
                    for (std::size_t k = first[shard]; k < first[shard + 1]; ++k) {
                        if (k + kAhead < first[shard + 1]) shards_[shard].prefetch(hashes[by_shard[k + kAhead]]);
                        const std::uint32_t i = by_shard[k];
                        put(i, shard_bits | intern(texts[i], hashes[i]));
                    }
                },
                interned_pool::shard_pages[shard]);
        };
        std::vector<std::size_t> held_elsewhere;
        for (std::size_t shard = 0; shard < kShards; ++shard)
            if (first[shard] < first[shard + 1] && !run(shard, true)) held_elsewhere.push_back(shard);
        for (std::size_t shard : held_elsewhere) run(shard, false);
    }
    static constexpr std::size_t kShards = std::size_t{1} << interned_pool::kShardBits;
    static std::size_t shard_of(std::size_t hash) { return hash >> (sizeof(std::size_t) * 8 - interned_pool::kShardBits); }

private:
    Shard shards_[kShards];
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

std::vector<Interned> intern_all(const std::vector<std::string_view>& texts) {
    // Each text's hash, and the texts in order of their shards (a counting sort: a shard's in
    // the order given). Each array is made resident at once: 100k names' hashes took 200 page faults.
    std::vector<std::size_t> hashes = resident_vector<std::size_t>(texts.size(), 0);
    std::size_t first[Pool::kShards + 1] = {};
    for (std::size_t i = 0; i < texts.size(); ++i) {
        hashes[i] = std::hash<std::string_view>{}(texts[i]);
        ++first[Pool::shard_of(hashes[i]) + 1];
    }
    for (std::size_t shard = 0; shard < Pool::kShards; ++shard) first[shard + 1] += first[shard];
    std::vector<std::uint32_t> by_shard = resident_vector<std::uint32_t>(texts.size(), 0);
    std::size_t next[Pool::kShards];
    std::copy(first, first + Pool::kShards, next);
    for (std::size_t i = 0; i < texts.size(); ++i) by_shard[next[Pool::shard_of(hashes[i])]++] = static_cast<std::uint32_t>(i);
    std::vector<Interned> out = resident_vector(texts.size(), Interned(std::uint32_t{0}));
    pool().intern_by_shard(texts, hashes, by_shard, first, [&](std::size_t i, std::uint32_t id) { out[i] = Interned(id); });
    return out;
}

}  // namespace keysync
