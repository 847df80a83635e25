// Prints what keysync::restart_with_huge_page_malloc left in place: GLIBC_TUNABLES and the
// process name (for tests/unit/huge_pages_test.cpp).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "keysync/huge_pages.hpp"

int main(int argc, char** argv) {
    // With an argument: restarted only for inputs of that many bytes.
    if (argc > 1) keysync::restart_with_huge_page_malloc(argv, std::strtoull(argv[1], nullptr, 10));
    else keysync::restart_with_huge_page_malloc(argv);
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    std::ifstream comm("/proc/self/comm");
    std::string name;
    std::getline(comm, name);
    std::printf("%s\n%s\n", tunables ? tunables : "(unset)", name.c_str());
    return 0;
}
