// A headless libpurple "UI" (no X) for the Pidgin plugin's tests: it loads the plugin from a
// folder, runs the plugin actions named on the command line, and plays the user: request
// dialogs are answered from environment variables, notifications are written to a file.
//
//   purple_harness USERDIR PLUGINDIR "Action label"...
//   HARNESS_APP=irssi HARNESS_FOLDER=/x   answers for "Import from another app…"
//   HARNESS_LOCATIONS="irssi:/x"          answer for "Sync with other apps…"
//   HARNESS_CONFIRM=0|1                   which button of the dry-run question (0 = Apply)
//   HARNESS_OUT=file                      every dialog's text is appended here
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

// libpurple's event loop on GLib, as every headless libpurple client sets it up.
guint add_input(int fd, PurpleInputCondition cond, PurpleInputFunction func, gpointer data) {
    (void)fd, (void)cond, (void)func, (void)data;
    return 0;
}
PurpleEventLoopUiOps loop_ops{};
PurpleCoreUiOps core_ops = {};

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
    loop_ops.input_remove = g_source_remove;
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
    GList* actions = PURPLE_PLUGIN_HAS_ACTIONS(plugin) ? PURPLE_PLUGIN_ACTIONS(plugin, nullptr) : nullptr;
    for (int i = 3; i < argc; ++i) {
        bool found = false;
        for (GList* l = actions; l; l = l->next) {
            auto* action = static_cast<PurplePluginAction*>(l->data);
            if (std::strcmp(action->label, argv[i]) != 0) continue;
            action->plugin = plugin;
            action->callback(action);
            found = true;
        }
        if (!found) {
            std::fprintf(stderr, "no action \"%s\"\n", argv[i]);
            return 5;
        }
    }
    purple_plugin_unload(plugin);
    std::printf("unloaded=1\n");
    purple_core_quit();
    return 0;
}
