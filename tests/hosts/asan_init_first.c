// Preloaded after ASan's runtime into WeeChat in a sanitizer build (tests/hosts/meson.build).
// ASan sets itself up at the first malloc, and in WeeChat that first malloc comes from inside
// glibc's newlocale (p11-kit's constructor), which holds glibc's locale lock: ASan's set-up calls
// dlerror, which takes that lock again, leaves its reader count off by one, and the next
// setlocale waits for ever. Making the first malloc here, before newlocale takes the lock, lets
// ASan set up with no lock held. Built without sanitizers: it runs before ASan is ready.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <stdlib.h>

locale_t newlocale(int category_mask, const char* locale, locale_t base) {
    void* volatile first = malloc(1);  // volatile: the compiler may not drop the pair
    free(first);
    static locale_t (*real_newlocale)(int, const char*, locale_t);
    if (!real_newlocale) *(void**)&real_newlocale = dlsym(RTLD_NEXT, "newlocale");  // POSIX's way past -Wpedantic
    return real_newlocale(category_mask, locale, base);
}
