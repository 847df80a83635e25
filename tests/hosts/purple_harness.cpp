// A headless libpurple "UI" (no X) for the Pidgin plugin's tests: it loads the plugin from a
// folder, runs the plugin actions named on the command line, and plays the user: request
// dialogs are answered from environment variables, notifications are written to a file.
//
//   purple_harness USERDIR PLUGINDIR "Action label"...
//   HARNESS_APP=irssi HARNESS_FOLDER=/x   answers for "Import from another app…"
//   HARNESS_LOCATIONS="irssi:/x"          answer for "Sync with other apps…"
//   HARNESS_CONFIRM=0|1                   which button of the dry-run question (0 = Apply)
//   HARNESS_OUT=file                      every dialog's text is appended here
//   HARNESS_WHILE_BUSY="Label;Label"      clicked 0.1 s after each action, while its work runs
//   HARNESS_UNLOAD_EARLY=1                unload right after starting the actions, without
//                                         waiting for their background work
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <glib.h>
#include <libpurple/purple.h>

namespace {

void record(const std::string& kind, const char* a, const char* b, const char* c) {
    const char* out = std::getenv("HARNESS_OUT");
    if (!out) return;
    FILE* f = std::fopen(out, "a");
    if (!f) return;
    std::fprintf(f, "[%s] %s\n%s\n%s\n", kind.c_str(), a ? a : "", b ? b : "", c ? c : "");
    std::fclose(f);
}

const char* env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

void* request_fields(const char* title, const char* primary, const char*, PurpleRequestFields* fields, const char*,
                     GCallback ok_cb, const char*, GCallback, PurpleAccount*, const char*, PurpleConversation*,
                     void* user_data) {
    record("fields", title, primary, nullptr);
    if (PurpleRequestField* app = purple_request_fields_get_field(fields, "app")) {
        int index = 0;
        for (GList* l = purple_request_field_choice_get_labels(app); l; l = l->next, ++index)
            if (std::strncmp(static_cast<const char*>(l->data), env_or("HARNESS_APP", ""), std::strlen(env_or("HARNESS_APP", "x"))) == 0)
                purple_request_field_choice_set_value(app, index);
    }
    if (PurpleRequestField* f = purple_request_fields_get_field(fields, "folder"))
        purple_request_field_string_set_value(f, env_or("HARNESS_FOLDER", ""));
    if (PurpleRequestField* f = purple_request_fields_get_field(fields, "locations")) {
        record("default locations", purple_request_field_string_get_value(f), nullptr, nullptr);
        purple_request_field_string_set_value(f, env_or("HARNESS_LOCATIONS", ""));
    }
    reinterpret_cast<PurpleRequestFieldsCb>(ok_cb)(user_data, fields);
    return nullptr;
}

void* request_action(const char* title, const char* primary, const char* secondary, int, PurpleAccount*, const char*,
                     PurpleConversation*, void* user_data, size_t count, va_list actions) {
    record("action", title, primary, secondary);
    size_t choice = static_cast<size_t>(std::atoi(env_or("HARNESS_CONFIRM", "0")));
    for (size_t i = 0; i < count; ++i) {
        va_arg(actions, const char*);
        auto cb = reinterpret_cast<PurpleRequestActionCb>(va_arg(actions, GCallback));
        if (i == choice) {
            cb(user_data, static_cast<int>(i));
            break;
        }
    }
    return nullptr;
}

void* notify_message(PurpleNotifyMsgType, const char* title, const char* primary, const char* secondary) {
    record("message", title, primary, secondary);
    return nullptr;
}

void* notify_formatted(const char* title, const char* primary, const char*, const char* text) {
    record("formatted", title, primary, text);
    return nullptr;
}

PurpleRequestUiOps request_ops{};
PurpleNotifyUiOps notify_ops{};

// libpurple's event loop on GLib, as every headless libpurple client sets it up; the inputs
// still watched are counted, so the harness can wait for the plugin's background work.
struct Input {
    PurpleInputFunction function;
    gpointer data;
};
int inputs_watched = 0;

gboolean input_ready(GIOChannel* channel, GIOCondition, gpointer data) {
    auto* input = static_cast<Input*>(data);
    input->function(input->data, g_io_channel_unix_get_fd(channel), PURPLE_INPUT_READ);
    return TRUE;
}

guint add_input(int fd, PurpleInputCondition, PurpleInputFunction function, gpointer data) {
    GIOChannel* channel = g_io_channel_unix_new(fd);
    guint id = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT, GIOCondition(G_IO_IN | G_IO_HUP | G_IO_ERR), input_ready,
                                   new Input{function, data}, [](gpointer input) { delete static_cast<Input*>(input); });
    g_io_channel_unref(channel);
    ++inputs_watched;
    return id;
}

gboolean remove_input(guint id) {
    --inputs_watched;
    return g_source_remove(id);
}

// Plays the user's waiting: runs the loop until no background work is left.
void run_until_idle() {
    while (inputs_watched > 0) g_main_context_iteration(nullptr, TRUE);
}

PurpleEventLoopUiOps loop_ops{};
PurpleCoreUiOps core_ops = {};

GList* actions = nullptr;

// Clicks the plugin's menu item LABEL ("a;b" clicks a, then b); false when there is none.
bool run_action(PurplePlugin* plugin, const char* labels) {
    std::string all = labels;
    for (std::size_t start = 0; start <= all.size();) {
        std::size_t end = all.find(';', start);
        if (end == std::string::npos) end = all.size();
        std::string label = all.substr(start, end - start);
        start = end + 1;
        bool found = false;
        for (GList* l = actions; l; l = l->next) {
            auto* action = static_cast<PurplePluginAction*>(l->data);
            if (label != action->label) continue;
            action->plugin = plugin;
            action->callback(action);
            found = true;
        }
        if (!found) return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: purple_harness USERDIR PLUGINDIR ACTION...\n");
        return 2;
    }
    request_ops.request_action = request_action;
    request_ops.request_fields = request_fields;
    notify_ops.notify_message = notify_message;
    notify_ops.notify_formatted = notify_formatted;
    loop_ops.timeout_add = g_timeout_add;
    loop_ops.timeout_remove = g_source_remove;
    loop_ops.input_add = add_input;
    loop_ops.input_remove = remove_input;
    loop_ops.timeout_add_seconds = g_timeout_add_seconds;
    purple_util_set_user_dir(argv[1]);
    purple_debug_set_enabled(FALSE);
    purple_eventloop_set_ui_ops(&loop_ops);
    purple_core_set_ui_ops(&core_ops);
    purple_request_set_ui_ops(&request_ops);
    purple_notify_set_ui_ops(&notify_ops);
    purple_plugins_add_search_path(argv[2]);
    if (!purple_core_init("keysync-harness")) return 3;
    PurplePlugin* plugin = purple_plugins_find_with_id("core-keysync");
    if (!plugin || !purple_plugin_load(plugin)) {
        std::fprintf(stderr, "cannot load core-keysync from %s\n", argv[2]);
        return 4;
    }
    std::printf("loaded=1\n");
    actions = PURPLE_PLUGIN_HAS_ACTIONS(plugin) ? PURPLE_PLUGIN_ACTIONS(plugin, nullptr) : nullptr;
    for (int i = 3; i < argc; ++i) {
        if (!run_action(plugin, argv[i])) {
            std::fprintf(stderr, "no action \"%s\"\n", argv[i]);
            return 5;
        }
        // The user clicks these while the action's work still runs (Pidgin must answer).
        if (const char* also = std::getenv("HARNESS_WHILE_BUSY"))
            g_timeout_add(100, [](gpointer label) -> gboolean {
                run_action(purple_plugins_find_with_id("core-keysync"), static_cast<const char*>(label));
                return FALSE;
            }, const_cast<char*>(also));
        if (!std::getenv("HARNESS_UNLOAD_EARLY")) run_until_idle();
    }
    purple_plugin_unload(plugin);
    std::printf("unloaded=1\n");
    std::printf("inputs left=%d\n", inputs_watched);
    purple_core_quit();
    return 0;
}
