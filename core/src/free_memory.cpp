#include "keysync/free_memory.hpp"

#include <cstddef>
#include <cstdlib>  // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace keysync {

void give_back_free_memory() {
#ifdef __GLIBC__
    // glibc sets its malloc up on the first call that needs it, and that set-up is not safe
    // on two threads at once. A program's first malloc normally does it, but under ASan or
    // TSan (their own malloc) the first of these calls does, from a sync's two threads: once here.
    static const std::size_t set_up = mallinfo2().fordblks;
    (void)set_up;
    // Only when the heap holds enough: where blocks of 128 KiB and more have mappings of their
    // own (the launcher's fixed mmap threshold), freeing gives them back at once and the heap
    // keeps 1-3 MiB free at these points of a 100k sync, which the next step reuses; trimming
    // that each time, and faulting it back (huge pages split), cost 13-35 ms of CPU for 0.1 MiB
    // at the peak. Under glibc's own threshold (in a client, or KEYSYNC_HUGE_PAGES=0) the heap
    // keeps 5-12 MiB of freed arrays there.
    constexpr std::size_t kWorthGivingBack = 4 << 20;
    if (mallinfo2().fordblks >= kWorthGivingBack) malloc_trim(0);
#endif
}

}  // namespace keysync
