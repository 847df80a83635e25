#pragma once
// What the chat-client plugins' /keysync commands and menu items do (DESIGN.md §8), so each
// plugin only translates its command into these calls and prints the lines in its own way.
#include <string>
#include <vector>

#include "keysync/account_renames.hpp"
#include "keysync/location.hpp"

namespace keysync {

struct ActionResult {
    std::vector<std::string> lines;     // what to show the user
    bool own_location_changed = false;  // the client must reload its OTR state from its files
    bool conflict = false;              // an account has two keys: the user must choose (--prefer)
};

// "account NAME (PROTOCOL) FINGERPRINT" and "peer NAME FINGERPRINT trust (account ...)" lines.
std::vector<std::string> describe_store(const KeyStore& store);

struct ClientActionOptions {
    bool apply = false;  // false: dry run, only say what would change
    bool force = false;  // write other apps' files even while their client runs
    std::vector<AccountRename> renames;  // other apps' names -> the client's, for the same accounts
    std::string prefer;                  // the app whose key wins a conflict
};

// Merges SOURCES into the client's own location OWN, whose current content is OWN_STORE.
ActionResult import_into_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& sources,
                                const ClientActionOptions& options);

// Merges the client's location and OTHERS, and writes the result back to all of them.
ActionResult sync_with_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& others,
                              const ClientActionOptions& options);

}  // namespace keysync
