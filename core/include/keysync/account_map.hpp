#pragma once
// Explicit account mappings for sync (issue: names differ across apps and are never guessed):
// "APP:NAME=SHARED" says APP's account NAME is the account the other apps call SHARED, e.g.
// "irssi:libera=alice@irc.libera.chat". From --map, or one per line in
// ~/.config/keysync/accounts.map ('#' starts a comment).
#include <filesystem>
#include <string>
#include <vector>

#include "keysync/account_renames.hpp"

namespace keysync {

struct AccountMapping {
    std::string app, name, shared;
};

// Throws Error ("--map ...: expected APP:NAME=SHARED") or ParseError (FILE:LINE).
AccountMapping parse_account_mapping(const std::string& text, const std::string& where);
std::vector<AccountMapping> read_account_map_file(const std::filesystem::path& path);  // none if absent

// The renames for one side of APP, given every account ID the sync sees (for the protocols).
std::vector<AccountRename> renames_for(const std::string& app, const std::vector<AccountMapping>& mappings,
                                       const std::vector<AccountId>& all_ids);

}  // namespace keysync
