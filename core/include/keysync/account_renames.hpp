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
    // otr.py names IRC contacts "nick@server" where others say "nick": appended to the peers of
    // the renamed account (and, renaming back, removed).
    std::string peer_suffix = {};
    bool strip_suffix = false;

    AccountRename reversed() const { return {to, from, peer_suffix, !strip_suffix}; }
};

// Renames accounts and the peers' local accounts; returns one line per account renamed.
std::vector<std::string> apply_account_renames(KeyStore& store, const std::vector<AccountRename>& renames);

}  // namespace keysync
