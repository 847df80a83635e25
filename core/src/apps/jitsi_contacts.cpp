#include "apps/jitsi_contacts.hpp"
#include "apps/markup.hpp"

#include <algorithm>
#include <cstring>

#include <glib.h>

#include "keysync/error.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {

void on_start(GMarkupParseContext*, const char* element, const char** names, const char** values, gpointer data, GError**) {
    if (std::strcmp(element, "contact") != 0) return;
    for (int i = 0; names[i]; ++i)
        if (std::strcmp(names[i], "address") == 0 && *values[i]) static_cast<std::vector<std::string>*>(data)->push_back(values[i]);
}

bool ascii_alnum(char c) {
    char lower = static_cast<char>(c | 0x20);
    return (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'z');
}

}  // namespace

void jitsi_mangle_into(std::string& out, std::string_view id) {
    out.clear();
    const char* end = id.data() + id.size();
    for (const char* p = id.data(); p < end;) {
        if (static_cast<unsigned char>(*p) < 0x80) {  // ASCII, nearly every address: no UTF-8 decoding
            out += ascii_alnum(*p) ? *p : '_';
            ++p;
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {  // invalid UTF-8: one byte
            out += '_';
            ++p;
            continue;
        }
        if (g_unichar_isalnum(c)) out.append(p, static_cast<std::size_t>(g_utf8_next_char(p) - p));
        else out += '_';
        p = g_utf8_next_char(p);
    }
    if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(out.begin(), 'p');
}

std::string jitsi_mangle(const std::string& id) {
    std::string out;
    jitsi_mangle_into(out, id);
    return out;
}

bool jitsi_mangles_to(std::string_view id, std::string_view mangled) {
    bool digit_first = !id.empty() && id[0] >= '0' && id[0] <= '9';
    if (mangled.size() != id.size() + digit_first) {  // an ASCII name keeps its length
        if (std::all_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return false;
    } else {
        std::string_view rest = mangled.substr(digit_first);
        if (digit_first && mangled[0] != 'p') return false;
        std::size_t i = 0;
        for (; i < id.size() && static_cast<unsigned char>(id[i]) < 0x80; ++i)
            if (rest[i] != (ascii_alnum(id[i]) ? id[i] : '_')) return false;
        if (i == id.size()) return true;
    }
    std::string made;  // past ASCII: made and compared
    jitsi_mangle_into(made, id);
    return made == mangled;
}

JitsiContacts::JitsiContacts(std::vector<std::string> addresses) {
    by_mangled_.reserve(addresses.size());
    for (std::string& a : addresses) by_mangled_.emplace_back(jitsi_mangle(a), std::move(a));
    std::stable_sort(by_mangled_.begin(), by_mangled_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

JitsiContact JitsiContacts::find(std::string_view mangled) const {
    auto it = std::lower_bound(by_mangled_.begin(), by_mangled_.end(), mangled, [](const auto& c, std::string_view m) { return c.first < m; });
    return it != by_mangled_.end() && it->first == mangled ? JitsiContact{it->second} : JitsiContact{};
}

JitsiContacts read_jitsi_contacts(const std::filesystem::path& contactlist_xml) {
    auto text = read_file_if_exists(contactlist_xml);
    if (!text) return {};
    std::vector<std::string> addresses;
    GMarkupParser parser{on_start, nullptr, nullptr, nullptr, nullptr};
    parse_markup(*text, parser, &addresses, contactlist_xml.string(), "contactlist.xml");
    return JitsiContacts(std::move(addresses));
}

}  // namespace keysync
