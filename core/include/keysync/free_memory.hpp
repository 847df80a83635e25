#pragma once
// Giving freed memory back to the system between the steps of a large sync: glibc keeps freed
// blocks in its heap, and the next step's differently sized blocks would take new pages beside
// them (a sync of four locations of 100k held 20 MiB more that way).

namespace keysync {

void give_back_free_memory();  // glibc's malloc_trim when its heaps hold 4 MiB free or more; nothing elsewhere

}  // namespace keysync
