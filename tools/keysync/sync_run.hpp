#pragma once
// What convert, sync and import-chatsecure share: the locations as sync sides with the user's
// account mappings (--map and ~/.config/keysync/accounts.map), run and printed.
#include <functional>
#include <vector>

#include "arguments.hpp"
#include "keysync/sync.hpp"

namespace keysync::cli {

struct SideInput {
    Location location;
    std::function<KeyStore()> read;  // what it holds (called once, in order, by the sync)
    bool write;
};

// Dry run with --dry-run; --force and --prefer as given. Prints the report.
void run_and_print(std::vector<SideInput> inputs, const Arguments& args);

}  // namespace keysync::cli
