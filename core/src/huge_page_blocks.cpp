#include "keysync/huge_page_blocks.hpp"

#include <atomic>
#include <cstdint>
#include <sys/mman.h>

namespace keysync {
namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
constexpr std::uintptr_t kPage = 4096;

// The blocks in use and the lengths of their mappings, so that free_huge_page_block knows its
// own from malloc's: a pointer on a 2 MiB boundary is looked for here, any other is not ours at
// once. (Not written into the block: that would make its first huge page resident before the
// block's owner touches it.) Atomic slots, not a locked table: operator new runs before main
// and in forked children, where a lock another thread held at the fork would never be let go
// of. Constant-initialized: usable before any constructor has run.
struct Slot {
    std::atomic<void*> block{nullptr};
    std::atomic<std::size_t> length{0};
};
Slot slots[kMostHugePageBlocks];

Slot* claim_slot(void* block) {
    for (Slot& slot : slots) {
        void* empty = nullptr;
        if (slot.block.load(std::memory_order_relaxed) == nullptr &&
            slot.block.compare_exchange_strong(empty, block, std::memory_order_acq_rel))
            return &slot;
    }
    return nullptr;
}

}  // namespace

void* allocate_huge_page_block(std::size_t size) noexcept {
    if (size < kHugePageBlockFrom || size > SIZE_MAX / 2) return nullptr;
    const std::uintptr_t length = (size + kPage - 1) & ~(kPage - 1);
    // A mapping 2 MiB longer than needed, cut down to the stretch that starts on a 2 MiB
    // boundary (the kernel aligns an anonymous mapping so only when its length is a multiple of
    // 2 MiB). Its last part short of 2 MiB gets 4 KiB pages: no huge page beyond its end.
    void* mapped = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) return nullptr;
    const auto from = reinterpret_cast<std::uintptr_t>(mapped), to = from + length + kHugePage;
    const std::uintptr_t start = (from + kHugePage - 1) & ~(kHugePage - 1);
    if (start > from) munmap(mapped, start - from);
    if (to > start + length) munmap(reinterpret_cast<void*>(start + length), to - (start + length));
    void* block = reinterpret_cast<void*>(start);
    (void)madvise(block, length, MADV_HUGEPAGE);  // (where huge pages are "madvise" only, as on Debian)
    Slot* slot = claim_slot(block);
    if (!slot) {
        munmap(block, length);
        return nullptr;
    }
    slot->length.store(length, std::memory_order_relaxed);  // (before the block is handed to anyone)
    return block;
}

bool free_huge_page_block(void* block) noexcept {
    if (!block || (reinterpret_cast<std::uintptr_t>(block) & (kHugePage - 1)) != 0) return false;
    for (Slot& slot : slots) {
        if (slot.block.load(std::memory_order_relaxed) != block) continue;
        const std::size_t length = slot.length.load(std::memory_order_relaxed);  // before the slot is let go of
        void* expected = block;
        if (!slot.block.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel)) return false;
        munmap(block, length);
        return true;
    }
    return false;
}

}  // namespace keysync
