#include "pidgin_actions.hpp"

#include <algorithm>
#include <exception>
#include <sstream>

#include <libpurple/purple.h>

#include "keysync/chatsecure_export.hpp"
#include "keysync/client_actions.hpp"
#include "keysync/error.hpp"
#include "keysync/registry.hpp"
#include "pidgin_otr_live.hpp"

namespace keysync::pidgin {
namespace {

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::vector<Location> locations(const std::vector<std::string>& specs) {
    std::vector<Location> out;
    for (const auto& s : specs) out.push_back(parse_location(s, g_get_home_dir()));
    if (out.empty()) throw Error("no app chosen");
    return out;
}

Location own_location(const PidginOtr& otr) { return Location{find_app("pidgin"), otr.user_dir()}; }

// Runs an import or sync; with APPLY it writes, then reloads pidgin-otr's live state. PREFER
// names the app whose key wins a conflict ("" keeps each app's own).
std::vector<std::string> run(const std::vector<std::string>& specs, bool sync, bool apply, bool force,
                             const std::string& prefer = "") {
    PidginOtr otr = PidginOtr::find();
    std::vector<Location> others = locations(specs);
    if (apply) otr.flush_to_files();
    ClientActionOptions options{apply, force, {}, prefer};
    KeyStore own = otr.current_store();
    ActionResult result = sync ? sync_with_client(own_location(otr), own, others, options)
                               : import_into_client(own_location(otr), own, others, options);
    if (result.own_location_changed) {
        otr.reload_from_files();
        result.lines.push_back(otr.loaded() ? "pidgin-otr reloaded its keys and fingerprints"
                                            : "pidgin-otr is not loaded; it reads the new files when it starts");
    }
    return result.lines;
}

void notify_error(const std::exception& e) {
    purple_notify_message(nullptr, PURPLE_NOTIFY_MSG_ERROR, "KeySync", "KeySync could not do that", e.what(), nullptr, nullptr);
}

// What the user chose, kept between the dialogs.
struct Request {
    bool sync = false;
    std::vector<std::string> locations;
    bool force = false;
    std::string other_app;  // the app whose keys the user may prefer in a conflict
};

// Buttons of the dry-run question: 0 apply, 1 apply preferring the other app's keys (only
// offered when there is a conflict), last cancel.
void on_apply(Request* request, int button) {
    std::unique_ptr<Request> owned(request);
    try {
        auto lines = run(request->locations, request->sync, true, request->force, button == 1 ? request->other_app : "");
        purple_notify_formatted(nullptr, "KeySync", request->sync ? "Synced" : "Imported", nullptr,
                                join(lines).c_str(), nullptr, nullptr);
    } catch (const std::exception& e) {
        notify_error(e);
    }
}

void on_cancel(Request* request, int) { delete request; }

// Shows the dry run and asks to apply it; a conflict (one account, two keys) is the user's to
// decide: keep Pidgin's key, or take the other app's.
void confirm(std::unique_ptr<Request> request) {
    auto lines = run(request->locations, request->sync, false, request->force);
    bool conflict = std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("conflict:", 0) == 0; });
    request->other_app = request->locations.front().substr(0, request->locations.front().find(':'));
    std::string text = join(lines);
    std::string use_other = "Apply, use " + request->other_app + "'s keys";
    Request* raw = request.release();
    const char* title = raw->sync ? "Sync OTR keys and trust?" : "Import OTR keys and trust?";
    void* handle = purple_plugins_find_with_id("core-keysync");
    if (conflict)
        purple_request_action(handle, "KeySync", title, text.c_str(), 0, nullptr, nullptr, nullptr, raw, 3,
                              "_Apply, keep Pidgin's keys", PURPLE_CALLBACK(on_apply), use_other.c_str(),
                              PURPLE_CALLBACK(on_apply), "_Cancel", PURPLE_CALLBACK(on_cancel));
    else
        purple_request_action(handle, "KeySync", title, text.c_str(), 0, nullptr, nullptr, nullptr, raw, 2, "_Apply",
                              PURPLE_CALLBACK(on_apply), "_Cancel", PURPLE_CALLBACK(on_cancel));
}

void on_import_fields(void*, PurpleRequestFields* fields) {
    try {
        std::vector<std::string> names;
        for (const auto& app : all_apps())
            if (app->name() != "pidgin") names.push_back(app->name());
        int choice = purple_request_fields_get_choice(fields, "app");
        const char* dir = purple_request_fields_get_string(fields, "folder");
        if (choice < 0 || static_cast<std::size_t>(choice) >= names.size()) throw Error("no app chosen");
        auto request = std::make_unique<Request>();
        request->locations = {names[static_cast<std::size_t>(choice)] + (dir && *dir ? std::string(":") + dir : "")};
        confirm(std::move(request));
    } catch (const std::exception& e) {
        notify_error(e);
    }
}

void on_sync_fields(void*, PurpleRequestFields* fields) {
    try {
        auto request = std::make_unique<Request>();
        request->sync = true;
        const char* text = purple_request_fields_get_string(fields, "locations");
        request->locations = words(text ? text : "");
        request->force = purple_request_fields_get_bool(fields, "force");
        confirm(std::move(request));
    } catch (const std::exception& e) {
        notify_error(e);
    }
}

PurpleRequestFields* single_group(PurpleRequestFieldGroup** group) {
    PurpleRequestFields* fields = purple_request_fields_new();
    *group = purple_request_field_group_new(nullptr);
    purple_request_fields_add_group(fields, *group);
    return fields;
}

std::string html_escape(const std::string& text) {
    gchar* escaped = g_markup_escape_text(text.c_str(), -1);
    std::string out = escaped;
    g_free(escaped);
    return out;
}

}  // namespace

std::vector<std::string> run_export(const std::string& dir) {
    PidginOtr otr = PidginOtr::find();
    if (otr.loaded()) otr.flush_to_files();
    ChatSecureExport result = export_chatsecure_from_client(otr.current_store(), dir, nullptr);
    std::vector<std::string> lines = describe_export(result);
    // The QR code as an image in the dialog (pidgin's formatted notify shows <img id=N>).
    int image = purple_imgstore_add_with_id(g_memdup2(result.qr_png.data(), result.qr_png.size()), result.qr_png.size(),
                                            "chatsecure-password.png");
    std::string html = "<img id=\"" + std::to_string(image) + "\"><br>";
    for (const auto& l : lines) html += html_escape(l) + "<br>";
    purple_notify_formatted(purple_plugins_find_with_id("core-keysync"), "KeySync", "Export to ChatSecure",
                            "Scan this QR code with ChatSecure on your phone: it is the password of the file.", html.c_str(),
                            nullptr, nullptr);
    purple_imgstore_unref_by_id(image);
    return lines;
}

void export_to_chatsecure() {
    try {
        run_export(g_get_home_dir());
    } catch (const std::exception& e) {
        notify_error(e);
    }
}

std::vector<std::string> status_lines() {
    PidginOtr otr = PidginOtr::find();
    std::vector<std::string> lines{otr.loaded() ? "pidgin-otr's live state:" : "pidgin-otr is not loaded; its files hold:"};
    for (auto& l : describe_store(otr.current_store())) lines.push_back(l);
    return lines;
}

std::vector<std::string> run_import(const std::vector<std::string>& specs, bool apply) { return run(specs, false, apply, false); }
std::vector<std::string> run_sync(const std::vector<std::string>& specs, bool apply, bool force) {
    return run(specs, true, apply, force);
}

void show_status() {
    try {
        purple_notify_formatted(nullptr, "KeySync", "OTR keys and trust", nullptr, join(status_lines()).c_str(), nullptr,
                                nullptr);
    } catch (const std::exception& e) {
        notify_error(e);
    }
}

void ask_import() {
    PurpleRequestFieldGroup* group = nullptr;
    PurpleRequestFields* fields = single_group(&group);
    PurpleRequestField* app = purple_request_field_choice_new("app", "App", 0);
    int index = 0, detected = -1;
    for (const auto& a : all_apps()) {
        if (a->name() == "pidgin") continue;
        purple_request_field_choice_add(app, (a->name() + " — " + a->description()).c_str());
        if (detected < 0 && a->present(parse_location(a->name(), g_get_home_dir()).dir)) detected = index;
        ++index;
    }
    purple_request_field_choice_set_default_value(app, detected < 0 ? 0 : detected);
    purple_request_field_group_add_field(group, app);
    purple_request_field_group_add_field(group, purple_request_field_string_new("folder", "Folder (empty: the app's usual place)", "", FALSE));
    purple_request_fields(purple_plugins_find_with_id("core-keysync"), "KeySync", "Import OTR keys from another app",
                          "You will see what changes before anything is written.", fields, "_Next",
                          PURPLE_CALLBACK(on_import_fields), "_Cancel", nullptr, nullptr, nullptr, nullptr, nullptr);
}

void ask_sync() {
    std::string detected;
    for (const auto& a : all_apps())
        if (a->name() != "pidgin" && a->writable() && a->present(parse_location(a->name(), g_get_home_dir()).dir))
            detected += (detected.empty() ? "" : " ") + a->name();
    PurpleRequestFieldGroup* group = nullptr;
    PurpleRequestFields* fields = single_group(&group);
    purple_request_field_group_add_field(
        group, purple_request_field_string_new("locations", "Apps (APP or APP:FOLDER, space separated)", detected.c_str(), FALSE));
    purple_request_field_group_add_field(group, purple_request_field_bool_new("force", "Write even while those apps run", FALSE));
    purple_request_fields(purple_plugins_find_with_id("core-keysync"), "KeySync", "Sync OTR keys with other apps",
                          "Pidgin and these apps end up with the same keys and verified contacts.", fields, "_Next",
                          PURPLE_CALLBACK(on_sync_fields), "_Cancel", nullptr, nullptr, nullptr, nullptr, nullptr);
}

}  // namespace keysync::pidgin
