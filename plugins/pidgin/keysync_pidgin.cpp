// KeySync inside Pidgin: Tools > KeySync menu on pidgin-otr's live state (DESIGN.md §8).
// A thin adapter: libpurple plugin glue here, dialogs in pidgin_actions, work in core.
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <libpurple/purple.h>

#include "pidgin_actions.hpp"
#include "pidgin_jobs.hpp"
#include "keysync/i18n.hpp"

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
    list = g_list_append(list, purple_plugin_action_new(tr("Export to ChatSecure…"), menu_callback<export_to_chatsecure>));
    list = g_list_append(list, purple_plugin_action_new(tr("Import from another app…"), menu_callback<ask_import>));
    list = g_list_append(list, purple_plugin_action_new(tr("Sync with other apps…"), menu_callback<ask_sync>));
    list = g_list_append(list, purple_plugin_action_new(tr("Status"), menu_callback<show_status>));
    return list;
}

// Scripted runs (tests, and users who want no dialogs): KEYSYNC_AUTORUN holds commands separated
// by ";" — "import APP[:DIR]...", "sync APP[:DIR]...", "export [DIR]", "status", "unload" (KeySync
// unloads itself; Pidgin and pidgin-otr go on) — run one after the other, shortly after load. What
// they would have shown, then the status, goes to KEYSYNC_PROBE_OUT, and Pidgin quits
// KEYSYNC_AUTOQUIT ms later when that is set (HOSTS.md §3).
std::vector<std::string> autorun_commands;
std::vector<std::string> autorun_lines;

void autorun_finish() {
    try {
        PurplePlugin* self = purple_plugins_find_with_id("core-keysync");
        autorun_lines.push_back(std::string("keysync loaded: ") + (self && purple_plugin_is_loaded(self) ? "yes" : "no"));
        for (auto& l : status_lines()) autorun_lines.push_back(l);
    } catch (const std::exception& e) {
        autorun_lines.push_back(std::string("error: ") + e.what());
    }
    if (const char* out = std::getenv("KEYSYNC_PROBE_OUT")) {
        std::ofstream probe(out);
        for (const auto& l : autorun_lines) probe << l << "\n";
    }
    // KEYSYNC_AUTOQUIT=N quits N ms later (0: at once), so a test can take a screenshot first.
    if (const char* quit = std::getenv("KEYSYNC_AUTOQUIT"))
        g_timeout_add(static_cast<guint>(std::atoi(quit)), [](gpointer) -> gboolean {
            purple_core_quit();
            return FALSE;
        }, nullptr);
}

// Runs the next command; background ones continue here when they are done.
gboolean autorun_next(gpointer = nullptr) {
    if (autorun_commands.empty()) {
        autorun_finish();
        return FALSE;
    }
    std::istringstream in(autorun_commands.front());
    autorun_commands.erase(autorun_commands.begin());
    std::string command;
    in >> command;
    std::vector<std::string> args;
    for (std::string w; in >> w;) args.push_back(w);
    Then then = [](const Outcome& o) {
        for (const auto& l : o.lines) autorun_lines.push_back(l);
        if (!o.error.empty()) autorun_lines.push_back("error: " + o.error);
        g_idle_add(autorun_next, nullptr);
    };
    try {
        if (command == "import") return run_import(args, true, then), FALSE;
        if (command == "export") return run_export(args.empty() ? g_get_home_dir() : args[0], then), FALSE;
        if (command == "sync") return run_sync(args, true, false, then), FALSE;
        if (command == "unload") purple_plugin_unload(purple_plugins_find_with_id("core-keysync"));
        else if (command != "status") autorun_lines.push_back("unknown KEYSYNC_AUTORUN command: " + command);
    } catch (const std::exception& e) {
        autorun_lines.push_back(std::string("error: ") + e.what());
    }
    return autorun_next();
}

gboolean plugin_load(PurplePlugin*) {
    open_job_slot();
    if (const char* commands = std::getenv("KEYSYNC_AUTORUN"); commands && autorun_commands.empty()) {
        std::istringstream in(commands);
        for (std::string c; std::getline(in, c, ';');) autorun_commands.push_back(c);
        g_timeout_add(1500, autorun_next, nullptr);  // after pidgin-otr loads
    }
    return TRUE;
}

// Unloading waits for a running job (files are never left half-written) and leaves pidgin-otr's
// state as it is; libpurple removes the menu itself.
gboolean plugin_unload(PurplePlugin*) {
    close_job_slot();
    return TRUE;
}

char kId[] = "core-keysync";
char kName[] = "KeySync";
char kVersion[] = "0.1.0";
const char* const kSummary = tr_noop("Carry OTR keys and verified contacts between chat apps");
const char* const kDescription =
    tr_noop("Imports OTR private keys and fingerprints with their trust from other chat apps (irssi, Adium, Jitsi, "
            "Gajim, ...), syncs them back, and exports them to ChatSecure, working on pidgin-otr's live state.");
char kAuthor[] = "KeySync developers";
char kHomepage[] = "https://github.com/guardianproject/keysync";

PurplePluginInfo info = {
    PURPLE_PLUGIN_MAGIC, PURPLE_MAJOR_VERSION, PURPLE_MINOR_VERSION, PURPLE_PLUGIN_STANDARD,
    nullptr,  // no UI requirement: loads in Pidgin, Finch and headless harnesses
    0, nullptr, PURPLE_PRIORITY_DEFAULT, kId, kName, kVersion, nullptr, nullptr, kAuthor, kHomepage,
    plugin_load, plugin_unload, nullptr, nullptr, nullptr, nullptr, plugin_actions, nullptr, nullptr, nullptr, nullptr};

// Pidgin's plugin list shows the summary and description in the user's language (Pidgin has
// set the locale before it probes plugins).
void init_plugin(PurplePlugin*) {
    info.summary = const_cast<char*>(tr(kSummary));
    info.description = const_cast<char*>(tr(kDescription));
}


}  // namespace
}  // namespace keysync::pidgin

extern "C" {
using keysync::pidgin::info;
using keysync::pidgin::init_plugin;
PURPLE_INIT_PLUGIN(keysync, init_plugin, info)
}
