#include "keysync/account_map.hpp"

#include <algorithm>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {
std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
}  // namespace

AccountMapping parse_account_mapping(const std::string& text, const std::string& where) {
    std::size_t colon = text.find(':'), eq = text.find('=');
    AccountMapping m;
    if (colon != std::string::npos && eq != std::string::npos && colon < eq)
        m = {trim(text.substr(0, colon)), trim(text.substr(colon + 1, eq - colon - 1)), trim(text.substr(eq + 1))};
    if (m.app.empty() || m.name.empty() || m.shared.empty())
        throw Error(where + ": \"" + text + "\": " + tr("expected APP:NAME=SHARED, e.g. irssi:libera=alice@irc.libera.chat"));

    return m;
}

std::vector<AccountMapping> read_account_map_file(const std::filesystem::path& path) {
    std::vector<AccountMapping> out;
    auto text = read_file_if_exists(path, 1 << 20);
    if (!text) return out;
    std::size_t pos = 0, line = 0;
    while (pos < text->size()) {
        std::size_t end = text->find('\n', pos);
        std::string l = trim(std::string(text->substr(pos, end == std::string::npos ? std::string::npos : end - pos)));
        pos = end == std::string::npos ? text->size() : end + 1;
        ++line;
        if (l.empty() || l[0] == '#') continue;
        out.push_back(parse_account_mapping(l, path.string() + ":" + std::to_string(line)));
    }
    return out;
}

std::vector<AccountRename> renames_for(const std::string& app, const std::vector<AccountMapping>& mappings,
                                       const std::vector<AccountId>& all_ids) {
    std::vector<AccountRename> out;
    for (const AccountMapping& m : mappings) {
        if (m.app != app) continue;
        std::vector<std::string> protocols;
        for (const AccountId& id : all_ids)
            if ((id.name == m.name || id.name == m.shared) &&
                std::find(protocols.begin(), protocols.end(), id.protocol) == protocols.end())
                protocols.push_back(id.protocol);
        for (const std::string& protocol : protocols)
            out.push_back({{protocol, m.name, std::nullopt}, {protocol, m.shared, std::nullopt}});
    }
    return out;
}

}  // namespace keysync
