#include "weechat_account_names.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>

#include <weechat-plugin.h>

namespace keysync::weechat {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, sep);)
        if (!part.empty()) out.push_back(part);
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string field(struct t_weechat_plugin* weechat_plugin, struct t_infolist* list, const char* name) {
    const char* v = weechat_infolist_string(list, name);
    return v ? v : "";
}

}  // namespace

std::vector<AccountRename> weechat_account_renames(struct t_weechat_plugin* weechat_plugin) {
    std::vector<AccountRename> renames;
    struct t_infolist* servers = weechat_infolist_get("irc_server", nullptr, nullptr);
    if (!servers) return renames;  // the irc plugin is not loaded
    while (weechat_infolist_next(servers)) {
        std::string name = field(weechat_plugin, servers, "name");
        std::vector<std::string> nicks = split(field(weechat_plugin, servers, "nicks"), ',');
        if (std::string current = field(weechat_plugin, servers, "nick"); !current.empty()) nicks.insert(nicks.begin(), current);
        for (const std::string& address : split(field(weechat_plugin, servers, "addresses"), ',')) {
            std::string host = address.substr(0, address.find('/'));  // "host/port"
            for (const std::string& nick : nicks) {
                AccountId from{"prpl-irc", nick + "@" + host, std::nullopt}, to{"prpl-irc", lower(nick) + "@" + name, std::nullopt};
                if (std::none_of(renames.begin(), renames.end(), [&](const AccountRename& r) { return r.from == from; }))
                    renames.push_back({from, to, "@" + name});
            }
        }
    }
    weechat_infolist_free(servers);
    return renames;
}

}  // namespace keysync::weechat
