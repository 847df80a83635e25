#pragma once
// Jitsi's names: mangle() as its OTR plugin builds property names (formats.md 3.4), and
// contactlist.xml, which gives back the real address behind a mangled name.
#include <filesystem>
#include <string>
#include <vector>

#include "keysync/key_store.hpp"  // jitsi_mangle

namespace keysync {


struct JitsiContact {
    std::string address;  // "hans@eds.org"; empty when unknown
};

struct JitsiContacts {
    std::vector<JitsiContact> contacts;
    JitsiContact find(const std::string& mangled) const;  // by mangled address
};

JitsiContacts read_jitsi_contacts(const std::filesystem::path& contactlist_xml);  // empty if absent

}  // namespace keysync
