// Started by a launcher built for it (tests/meson.build): prints what the launcher passed on,
// GLIBC_TUNABLES, the process name and the arguments, for unit/launcher_test.cpp.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
    const char* tunables = getenv("GLIBC_TUNABLES");
    char name[64] = "";
    FILE* comm = fopen("/proc/self/comm", "r");
    if (comm) {
        if (!fgets(name, sizeof name, comm)) name[0] = '\0';
        fclose(comm);
    }
    printf("%s\n%s", tunables ? tunables : "(unset)", name);
    for (int i = 0; i < argc; ++i) printf("%s%s", i ? " " : "", argv[i]);
    printf("\n");
    return 0;
}
