// The programs' operator new and delete (the keysync command, the bench, their test): blocks of
// 2 MiB and more on huge pages of their own (huge_page_blocks.hpp), the rest from malloc as
// always. Compiled into programs only (core/meson.build), never into the library, the plugins
// (their clients' allocation is theirs) or a sanitizer build (ASan keeps its own operator new,
// and LeakSanitizer does not look inside mappings it did not make). KEYSYNC_HUGE_PAGES=0 turns
// it off, as it turns off the launcher's glibc settings.
//
// The other replaceable forms (new[], the nothrow ones, delete[], sized delete) call these two
// in libstdc++; the over-aligned ones use aligned_alloc and free, and never come here.
#include <cstdlib>
#include <cstring>
#include <new>

#include "keysync/huge_page_blocks.hpp"

namespace {

bool huge_pages_wanted() {
    static const bool wanted = [] {
        const char* setting = std::getenv("KEYSYNC_HUGE_PAGES");
        return !setting || std::strcmp(setting, "0") != 0;
    }();
    return wanted;
}

}  // namespace

void* operator new(std::size_t size) {
    if (size >= keysync::kHugePageBlockFrom && huge_pages_wanted())
        if (void* block = keysync::allocate_huge_page_block(size)) return block;
    if (void* block = std::malloc(size ? size : 1)) return block;
    throw std::bad_alloc();
}

void operator delete(void* block) noexcept {
    if (!keysync::free_huge_page_block(block)) std::free(block);
}

void operator delete(void* block, std::size_t) noexcept { operator delete(block); }
