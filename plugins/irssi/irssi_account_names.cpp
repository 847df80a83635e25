#include "irssi_account_names.hpp"

#include <string>

#include "irssi_headers.hpp"

namespace keysync::irssi {
namespace {

const char kIrc[] = "prpl-irc";

void add(std::vector<AccountRename>& out, const std::string& nick, const std::string& address, const std::string& tag) {
    if (nick.empty() || address.empty() || tag.empty()) return;
    AccountId from{kIrc, nick + "@" + address, std::nullopt}, to{kIrc, tag, std::nullopt};
    for (const AccountRename& r : out)
        if (r.from == from) return;
    out.push_back({from, to});
}

}  // namespace

std::vector<AccountRename> irssi_account_renames() {
    std::vector<AccountRename> renames;
    for (GSList* s = servers; s; s = s->next) {  // connected: the tag is certain
        auto* server = static_cast<SERVER_REC*>(s->data);
        if (server->connrec && server->nick && server->tag)
            add(renames, server->nick, server->connrec->address ? server->connrec->address : "", server->tag);
    }
    const char* default_nick = settings_get_str("nick");
    for (GSList* s = setupservers; s; s = s->next) {  // configured: /server add -network NET ADDRESS
        auto* setup = static_cast<SERVER_SETUP_REC*>(s->data);
        if (!setup->chatnet || !setup->address) continue;
        CHATNET_REC* net = chatnet_find(setup->chatnet);
        std::string nick = net && net->nick ? net->nick : (default_nick ? default_nick : "");
        add(renames, nick, setup->address, net ? net->name : setup->chatnet);
    }
    return renames;
}

}  // namespace keysync::irssi
