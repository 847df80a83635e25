#include "apps/purple_accounts_xml.hpp"
#include "apps/markup.hpp"

#include <cstring>

#include <glib.h>

#include "keysync/error.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {
namespace {

// Tracks <account version='1.0'><account><protocol/><name/>...; other elements are ignored.
struct ParseState {
    std::vector<PurpleAccount> accounts;
    std::vector<std::string> path;
};

void on_start(GMarkupParseContext*, const char* element, const char**, const char**, gpointer data, GError**) {
    auto* state = static_cast<ParseState*>(data);
    state->path.emplace_back(element);
    if (state->path.size() == 2 && state->path[0] == "account" && state->path[1] == "account")
        state->accounts.emplace_back();
}

void on_end(GMarkupParseContext*, const char*, gpointer data, GError**) { static_cast<ParseState*>(data)->path.pop_back(); }

void on_text(GMarkupParseContext*, const char* text, gsize size, gpointer data, GError**) {
    auto* state = static_cast<ParseState*>(data);
    if (state->path.size() != 3 || state->accounts.empty()) return;
    const std::string& field = state->path[2];
    if (field == "protocol") state->accounts.back().protocol.append(text, size);
    if (field == "name") state->accounts.back().name.append(text, size);
}

}  // namespace

std::vector<PurpleAccount> parse_purple_accounts(std::string_view xml, const std::string& source) {
    GMarkupParser parser{on_start, on_end, on_text, nullptr, nullptr};
    ParseState state;
    parse_markup(xml, parser, &state, source, "accounts.xml");
    return state.accounts;
}

std::vector<PurpleAccount> read_purple_accounts(const std::filesystem::path& path) {
    auto text = read_file_if_exists(path);
    if (!text) return {};
    return parse_purple_accounts(*text, path.string());
}

}  // namespace keysync
