#include "apps/gajim_config.hpp"

#include <map>

namespace keysync {
namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}
}  // namespace

std::vector<GajimAccount> parse_gajim_config(std::string_view text) {
    const std::string_view prefix = "accounts.";
    std::map<std::string, GajimAccount> accounts;
    std::vector<std::string> order;
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        std::size_t eq = line.find('=');
        if (line.substr(0, prefix.size()) != prefix || eq == std::string_view::npos) continue;
        std::string_view setting = trim(line.substr(prefix.size(), eq - prefix.size()));
        std::size_t dot = setting.rfind('.');  // the account name may contain dots; the key cannot
        if (dot == std::string_view::npos || dot == 0) continue;
        std::string account(setting.substr(0, dot));
        std::string_view key = setting.substr(dot + 1), value = trim(line.substr(eq + 1));
        if (key != "name" && key != "hostname" && key != "resource") continue;
        if (!accounts.count(account)) order.push_back(account), accounts[account].account = account;
        GajimAccount& a = accounts[account];
        (key == "name" ? a.name : key == "hostname" ? a.hostname : a.resource) = std::string(value);
    }
    std::vector<GajimAccount> out;
    for (const std::string& a : order)
        if (!accounts[a].name.empty() && !accounts[a].hostname.empty()) out.push_back(accounts[a]);
    return out;
}

}  // namespace keysync
