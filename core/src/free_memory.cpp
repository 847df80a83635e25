#include "keysync/free_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace keysync {

void give_back_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

}  // namespace keysync
