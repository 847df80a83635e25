#include "apps/adium_accounts_plist.hpp"

#include <cstdlib>
#include <memory>

#include <plist/plist.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {

struct PlistFree {
    void operator()(void* p) const { plist_free(static_cast<plist_t>(p)); }
};

// A string or integer node as text ("ObjectID" is either, across Adium versions).
std::string text_of(plist_t node) {
    if (!node) return "";
    if (plist_get_node_type(node) == PLIST_STRING) {
        // plist_get_string_val asserts on a string with a NUL inside (found by fuzzing); the
        // pointer form just gives the bytes.
        uint64_t length = 0;
        const char* value = plist_get_string_ptr(node, &length);
        return value ? std::string(value, static_cast<std::size_t>(length)) : "";
    }
    if (plist_get_node_type(node) == PLIST_UINT) {
        uint64_t value = 0;
        plist_get_uint_val(node, &value);
        return std::to_string(value);
    }
    return "";
}

}  // namespace

std::vector<AdiumAccount> parse_adium_accounts(std::string_view bytes, const std::string& source) {
    plist_t raw = nullptr;
    if (bytes.substr(0, 8) == "bplist00")
        plist_from_bin(bytes.data(), static_cast<uint32_t>(bytes.size()), &raw);
    else
        plist_from_xml(bytes.data(), static_cast<uint32_t>(bytes.size()), &raw);
    std::unique_ptr<void, PlistFree> root(raw);
    if (!raw || plist_get_node_type(raw) != PLIST_DICT) throw ParseError(source, 0, tr("not a property list dictionary (XML or binary)"));
    plist_t accounts = plist_dict_get_item(raw, "Accounts");
    if (!accounts || plist_get_node_type(accounts) != PLIST_ARRAY) throw ParseError(source, 0, tr("no \"Accounts\" array"));
    std::vector<AdiumAccount> out;
    for (uint32_t i = 0; i < plist_array_get_size(accounts); ++i) {
        plist_t item = plist_array_get_item(accounts, i);
        if (!item || plist_get_node_type(item) != PLIST_DICT) continue;
        AdiumAccount a{text_of(plist_dict_get_item(item, "ObjectID")), text_of(plist_dict_get_item(item, "Type")),
                       text_of(plist_dict_get_item(item, "UID"))};
        if (!a.object_id.empty() && !a.uid.empty()) out.push_back(a);
    }
    return out;
}

std::vector<AdiumAccount> read_adium_accounts(const std::filesystem::path& path) {
    auto bytes = read_file_if_exists(path, 16 << 20);
    if (!bytes) return {};
    return parse_adium_accounts(*bytes, path.string());
}

}  // namespace keysync
