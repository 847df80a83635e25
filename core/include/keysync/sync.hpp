#pragma once
// Sync (DESIGN.md §4): read every location, merge, write back to each whatever it can hold.
// `keysync convert`, `sync`, `import-chatsecure` and the plugins' import and sync all run here.
#include <functional>
#include <string>
#include <vector>

#include "keysync/account_renames.hpp"
#include "keysync/location.hpp"
#include "keysync/merge.hpp"

namespace keysync {

struct SyncSide {
    Location location;
    KeyStore store;                      // what it holds now, in its own names
    std::vector<AccountRename> renames;  // its names -> the names the other sides use
    bool write = true;                   // false: only read from it
    bool inside_client = false;          // the running client is us (a plugin): no "is it running" check
    // When set, STORE is read by this only when the sync comes to it, and let go of once merged
    // (a side read up front is held until then).
    std::function<KeyStore()> read;
};

struct SyncOptions {
    bool apply = false;   // false: a dry run
    bool force = false;   // write even while a side's client runs
    std::string prefer;   // the app whose key wins a conflict
};

struct SyncReport {
    std::vector<std::string> lines;        // per-location summaries, conflicts, renames
    std::vector<bool> changed;             // per side: its files were rewritten
    std::vector<KeyConflict> unresolved;   // accounts written nowhere
};

// Throws Error (naming the process) when a side to be written has its client running.
// SIDES are taken, so a side only read from can let go of its fingerprints once merged.
SyncReport sync_sides(std::vector<SyncSide> sides, const SyncOptions& options);

}  // namespace keysync
