#pragma once
// Gajim's config file (formats.md 4.3): "accounts.<acct>.<key> = <value>" lines, where <acct>
// may itself contain dots; only name, hostname and resource matter to OTR.
#include <string>
#include <string_view>
#include <vector>

namespace keysync {

struct GajimAccount {
    std::string account;  // Gajim's account name: the .key3/.fpr file stem
    std::string name, hostname, resource;
    std::string jid() const { return name + "@" + hostname; }
};

std::vector<GajimAccount> parse_gajim_config(std::string_view text);

}  // namespace keysync
