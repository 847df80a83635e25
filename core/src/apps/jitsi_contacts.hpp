#pragma once
// Jitsi's names: mangle() as its OTR plugin builds property names (formats.md 3.4), and
// contactlist.xml, which gives back the real address behind a mangled name.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keysync/key_store.hpp"  // jitsi_mangle

namespace keysync {


struct JitsiContact {
    std::string address;  // "hans@eds.org"; empty when unknown
};

class JitsiContacts {
public:
    JitsiContacts() = default;
    explicit JitsiContacts(std::vector<std::string> addresses);
    JitsiContact find(std::string_view mangled) const;  // by mangled address; the first listed

private:
    // (mangled, address), sorted by mangled name (stable: the first listed first), so 50k
    // stored contacts need not mangle every listed address each.
    std::vector<std::pair<std::string, std::string>> by_mangled_;
};

JitsiContacts read_jitsi_contacts(const std::filesystem::path& contactlist_xml);  // empty if absent

}  // namespace keysync
