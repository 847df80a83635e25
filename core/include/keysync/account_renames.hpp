#pragma once
// Renaming local accounts where two apps name the same identity differently (irssi's network
// tag vs. "nick@server"); every rename is reported, nothing is guessed here.
#include <string>
#include <vector>

#include "keysync/key_store.hpp"

namespace keysync {

struct AccountRename {
    AccountId from;
    AccountId to;
};

// Renames accounts and the peers' local accounts; returns one line per account renamed.
std::vector<std::string> apply_account_renames(KeyStore& store, const std::vector<AccountRename>& renames);

}  // namespace keysync
