#pragma once
// irssi's OTR module names a local account by the network tag ("libera"); other apps say
// "nick@server" (Pidgin's IRC accounts, the old irssi-otr). This lists the renames irssi's own
// network and server setup (and connected servers) make certain.
#include <vector>

#include "keysync/account_renames.hpp"

namespace keysync::irssi {

std::vector<AccountRename> irssi_account_renames();

}  // namespace keysync::irssi
