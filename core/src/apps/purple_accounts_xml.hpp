#pragma once
// libpurple's accounts.xml (formats.md 2.6): only the protocol and name of each account.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace keysync {

struct PurpleAccount {
    std::string protocol;  // "prpl-jabber"
    std::string name;      // "user@host/Resource"
};

std::vector<PurpleAccount> parse_purple_accounts(std::string_view xml, const std::string& source);
// Empty when the file does not exist.
std::vector<PurpleAccount> read_purple_accounts(const std::filesystem::path& path);

}  // namespace keysync
