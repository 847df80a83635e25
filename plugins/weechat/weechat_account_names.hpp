#pragma once
// otr.py names a local account "<nick>@<server name>" (the WeeChat server's name, e.g.
// "libera"); Pidgin says "<nick>@<server address>". This lists the renames WeeChat's own IRC
// server list makes certain.
#include <vector>

#include "keysync/account_renames.hpp"

struct t_weechat_plugin;

namespace keysync::weechat {

std::vector<AccountRename> weechat_account_renames(struct t_weechat_plugin* plugin);

}  // namespace keysync::weechat
