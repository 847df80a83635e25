#include "keysync/free_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace keysync {

void give_back_free_memory() {
#ifdef __GLIBC__
    // glibc sets its malloc up on the first call that needs it, and that set-up is not safe
    // on two threads at once. A program's first malloc normally does it, but under ASan or
    // TSan (their own malloc) the first malloc_trim does, from a sync's two threads: once here.
    static const int set_up = malloc_trim(0);
    (void)set_up;
    malloc_trim(0);
#endif
}

}  // namespace keysync
