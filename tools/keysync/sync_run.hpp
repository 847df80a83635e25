#pragma once
// What convert, sync and import-chatsecure share: the locations as sync sides with the user's
// account mappings (--map and ~/.config/keysync/accounts.map), run and printed.
#include <vector>

#include "arguments.hpp"
#include "keysync/sync.hpp"

namespace keysync::cli {

struct SideInput {
    Location location;
    KeyStore store;
    bool write;
};

// Dry run with --dry-run; --force and --prefer as given. Prints the report.
// Build INPUTS with push_back, not a braced list: a braced list copies every store.
void run_and_print(std::vector<SideInput> inputs, const Arguments& args);

}  // namespace keysync::cli
