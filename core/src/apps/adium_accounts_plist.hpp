#pragma once
// Adium's Accounts.plist (formats.md 2.5), XML or binary, read with libplist; never rewritten.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace keysync {

struct AdiumAccount {
    std::string object_id;  // the otr files' account name ("1")
    std::string type;       // the otr files' protocol ("libpurple-Jabber")
    std::string uid;        // the real account id ("gptest@jabber.org")
};

// Throws ParseError naming SOURCE when it is not a property list of that shape.
std::vector<AdiumAccount> parse_adium_accounts(std::string_view bytes, const std::string& source);
std::vector<AdiumAccount> read_adium_accounts(const std::filesystem::path& path);  // empty if absent

}  // namespace keysync
