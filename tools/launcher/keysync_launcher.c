// The launcher: the `keysync` people run. It starts the program that does the work (installed
// under libexec) with glibc's malloc set up for large stores: on transparent huge pages (a sync
// of 100k fingerprints spends most of its time in page faults, one 4 KiB page at a time), with
// a fixed mmap threshold and one arena. glibc reads those tunables (GLIBC_TUNABLES) only when a
// program starts. The program used to restart itself to set them, loading its libraries twice
// (OpenSSL, GLib, libstdc++: 9-10 ms here); this needs only libc (1-2 ms). The bench and the
// tests build it for their own programs (KEYSYNC_LAUNCH_TARGETS).
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Where the program may be, relative to the launcher's folder, in that order (installed, then
// in the build tree): a list of C strings.
static const char* const kTargets[] = {KEYSYNC_LAUNCH_TARGETS};

struct Tunable {
    const char* name;
    const char* value;
};
static const struct Tunable kOurs[] = {
    {"glibc.malloc.hugetlb", "1"},
    // A fixed threshold (a set one is never raised) gives blocks of 128 KiB and more their own
    // mappings, returned whole when freed: a sync's 100k-entry arrays, and the pieces, arenas
    // and buffers its readers and writers make and let go of. Under glibc's rising threshold
    // the arrays came from the heap, and the holes they left kept 3-5 MiB more resident; at
    // 2 MiB the others still left 5-8 MiB free but resident in the heaps at a sync's peak
    // (about 2 MiB more than now; at 64 KiB the again-sync took 10 ms longer).
    {"glibc.malloc.mmap_threshold", "131072"},
    // One heap for all threads: glibc 2.36 backs the main heap with huge pages, not the heaps
    // of other threads' arenas (a 6 MiB block took 15 faults in the one, 1500 in the other),
    // and a sync's second thread makes as many small blocks as the first (names, pages,
    // pieces). At 100k the first sync took 50 ms less, the same sync again 16 ms less (0.2-0.5
    // MiB more at their peaks: both threads' small blocks in one heap).
    {"glibc.malloc.arena_max", "1"},
};

// CURRENT (the user's GLIBC_TUNABLES, or NULL) with ours appended, each unless it names that
// one already (a user's own threshold or arena count is theirs); NULL when it is to stay as it
// is: huge pages set already (by the user, on or off), or no memory.
static char* with_our_tunables(const char* current) {
    if (current && strstr(current, kOurs[0].name)) return NULL;
    size_t size = (current ? strlen(current) : 0) + 1;
    for (size_t i = 0; i < sizeof kOurs / sizeof kOurs[0]; ++i) size += strlen(kOurs[i].name) + strlen(kOurs[i].value) + 2;
    char* out = malloc(size);
    if (!out) return NULL;
    size_t used = (size_t)snprintf(out, size, "%s", current ? current : "");
    for (size_t i = 0; i < sizeof kOurs / sizeof kOurs[0]; ++i) {
        if (current && strstr(current, kOurs[i].name)) continue;
        used += (size_t)snprintf(out + used, size - used, "%s%s=%s", used ? ":" : "", kOurs[i].name, kOurs[i].value);
    }
    return out;
}

int main(int argc, char** argv) {
    (void)argc;
    char folder[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", folder, sizeof folder - 1);
    if (n <= 0) {
        fprintf(stderr, "%s: cannot tell where it is installed (/proc/self/exe): %s\n", program_invocation_short_name, strerror(errno));
        return 127;
    }
    folder[n] = '\0';
    strrchr(folder, '/')[1] = '\0';
    const char* off = getenv("KEYSYNC_HUGE_PAGES");
    if (!off || strcmp(off, "0") != 0) {
        char* tunables = with_our_tunables(getenv("GLIBC_TUNABLES"));
        if (tunables && setenv("GLIBC_TUNABLES", tunables, 1) != 0) return 127;
        free(tunables);
    }
    char program[PATH_MAX];
    for (size_t i = 0; i < sizeof kTargets / sizeof kTargets[0]; ++i) {
        if (snprintf(program, sizeof program, "%s%s", folder, kTargets[i]) >= (int)sizeof program) continue;
        execv(program, argv);
        if (errno != ENOENT) {
            fprintf(stderr, "%s: cannot start %s: %s\n", program_invocation_short_name, program, strerror(errno));
            return 126;
        }
    }
    fprintf(stderr, "%s: its program is missing (looked for %s%s)\n", program_invocation_short_name, folder, kTargets[0]);
    return 127;
}
