// KeySync inside Pidgin: Tools > KeySync menu on pidgin-otr's live state (DESIGN.md §8).
// A thin adapter: libpurple plugin glue here, dialogs in pidgin_actions, work in core.
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>

#include <libpurple/purple.h>

#include "pidgin_actions.hpp"

namespace keysync::pidgin {
namespace {

template <void (*Action)()>
void menu_callback(PurplePluginAction*) {
    try {
        Action();
    } catch (const std::exception& e) {  // nothing may escape into libpurple's C code
        purple_debug_error("keysync", "%s\n", e.what());
    }
}

GList* plugin_actions(PurplePlugin*, gpointer) {
    GList* list = nullptr;
    list = g_list_append(list, purple_plugin_action_new("Export to ChatSecure…", menu_callback<export_to_chatsecure>));
    list = g_list_append(list, purple_plugin_action_new("Import from another app…", menu_callback<ask_import>));
    list = g_list_append(list, purple_plugin_action_new("Sync with other apps…", menu_callback<ask_sync>));
    list = g_list_append(list, purple_plugin_action_new("Status", menu_callback<show_status>));
    return list;
}

// Scripted runs (tests, and users who want no dialogs): KEYSYNC_AUTORUN="import APP[:DIR]...",
// "sync APP[:DIR]...", "export [DIR]" or "status" runs once, shortly after load, writes what it would have shown
// to KEYSYNC_PROBE_OUT, and quits when KEYSYNC_AUTOQUIT is set (HOSTS.md §3).
gboolean autorun(gpointer) {
    std::vector<std::string> lines;
    try {
        std::istringstream in(std::getenv("KEYSYNC_AUTORUN"));
        std::string command;
        in >> command;
        std::vector<std::string> args;
        for (std::string w; in >> w;) args.push_back(w);
        if (command == "import") lines = run_import(args, true);
        else if (command == "export") lines = run_export(args.empty() ? g_get_home_dir() : args[0]);
        else if (command == "sync") lines = run_sync(args, true, false);
        else if (command != "status") lines = {"unknown KEYSYNC_AUTORUN command: " + command};
        for (auto& l : status_lines()) lines.push_back(l);
    } catch (const std::exception& e) {
        lines.push_back(std::string("error: ") + e.what());
    }
    if (const char* out = std::getenv("KEYSYNC_PROBE_OUT")) {
        std::ofstream probe(out);
        for (const auto& l : lines) probe << l << "\n";
    }
    // KEYSYNC_AUTOQUIT=N quits N ms later (0: at once), so a test can take a screenshot first.
    if (const char* quit = std::getenv("KEYSYNC_AUTOQUIT"))
        g_timeout_add(static_cast<guint>(std::atoi(quit)), [](gpointer) -> gboolean {
            purple_core_quit();
            return FALSE;
        }, nullptr);
    return FALSE;
}

gboolean plugin_load(PurplePlugin*) {
    if (std::getenv("KEYSYNC_AUTORUN")) g_timeout_add(1500, autorun, nullptr);  // after pidgin-otr loads
    return TRUE;
}

char kId[] = "core-keysync";
char kName[] = "KeySync";
char kVersion[] = "0.1.0";
char kSummary[] = "Carry OTR keys and verified contacts between chat apps";
char kDescription[] =
    "Imports OTR private keys and fingerprints with their trust from other chat apps (irssi, Adium, Jitsi, "
    "Gajim, ...), syncs them back, and exports them to ChatSecure, working on pidgin-otr's live state.";
char kAuthor[] = "KeySync developers";
char kHomepage[] = "https://github.com/guardianproject/keysync";

PurplePluginInfo info = {
    PURPLE_PLUGIN_MAGIC, PURPLE_MAJOR_VERSION, PURPLE_MINOR_VERSION, PURPLE_PLUGIN_STANDARD,
    nullptr,  // no UI requirement: loads in Pidgin, Finch and headless harnesses
    0, nullptr, PURPLE_PRIORITY_DEFAULT, kId, kName, kVersion, kSummary, kDescription, kAuthor, kHomepage,
    plugin_load, nullptr, nullptr, nullptr, nullptr, nullptr, plugin_actions, nullptr, nullptr, nullptr, nullptr};

void init_plugin(PurplePlugin*) {}

}  // namespace
}  // namespace keysync::pidgin

extern "C" {
using keysync::pidgin::info;
using keysync::pidgin::init_plugin;
PURPLE_INIT_PLUGIN(keysync, init_plugin, info)
}
