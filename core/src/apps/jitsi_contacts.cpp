#include "apps/jitsi_contacts.hpp"
#include "apps/markup.hpp"

#include <cstring>

#include <glib.h>

#include "keysync/error.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {

void on_start(GMarkupParseContext*, const char* element, const char** names, const char** values, gpointer data, GError**) {
    if (std::strcmp(element, "contact") != 0) return;
    JitsiContact c;
    for (int i = 0; names[i]; ++i) {
        if (std::strcmp(names[i], "address") == 0) c.address = values[i];
    }
    if (!c.address.empty()) static_cast<JitsiContacts*>(data)->contacts.push_back(c);
}

}  // namespace

std::string jitsi_mangle(const std::string& id) {
    std::string out;
    for (const char* p = id.c_str(); *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {  // invalid UTF-8: one byte
            out += '_';
            ++p;
            continue;
        }
        if (g_unichar_isalnum(c)) out.append(p, static_cast<std::size_t>(g_utf8_next_char(p) - p));
        else out += '_';
        p = g_utf8_next_char(p);
    }
    if (!out.empty() && out[0] >= '0' && out[0] <= '9') out = "p" + out;
    return out;
}

JitsiContact JitsiContacts::find(const std::string& mangled) const {
    for (const JitsiContact& c : contacts)
        if (jitsi_mangle(c.address) == mangled) return c;
    return {};
}

JitsiContacts read_jitsi_contacts(const std::filesystem::path& contactlist_xml) {
    JitsiContacts out;
    auto text = read_file_if_exists(contactlist_xml);
    if (!text) return out;
    GMarkupParser parser{on_start, nullptr, nullptr, nullptr, nullptr};
    parse_markup(*text, parser, &out, contactlist_xml.string(), "contactlist.xml");
    return out;
}

}  // namespace keysync
