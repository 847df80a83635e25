#include "pidgin_actions.hpp"

#include <exception>
#include <memory>
#include <sstream>

#include <libpurple/purple.h>

#include "keysync/chatsecure_export.hpp"
#include "keysync/client_actions.hpp"
#include "keysync/error.hpp"
#include "keysync/registry.hpp"
#include "pidgin_jobs.hpp"
#include "pidgin_otr_live.hpp"
#include "keysync/i18n.hpp"

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
    if (out.empty()) throw Error(tr("no app chosen"));
    return out;
}

Location own_location(const PidginOtr& otr) { return Location{find_app("pidgin"), otr.user_dir()}; }

// Hands OUTCOME to THEN; a dialog that fails is reported, never thrown into libpurple.
void deliver(const Then& then, const Outcome& outcome) {
    try {
        then(outcome);
    } catch (const std::exception& e) {
        purple_debug_error("keysync", "%s\n", e.what());
    }
}

std::string message_of(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return tr("unexpected failure");
    }
}

// Runs an import or sync in the background; with APPLY it writes, then reloads pidgin-otr's
// live state. PREFER names the app whose key wins a conflict ("" keeps each app's own).
void run(const std::vector<std::string>& specs, bool sync, bool apply, bool force, const std::string& prefer, Then then) {
    PidginOtr otr = PidginOtr::find();
    std::vector<Location> others = locations(specs);
    if (apply) otr.flush_to_files();
    ClientActionOptions options{apply, force, {}, prefer};
    auto own = std::make_shared<KeyStore>(otr.current_store());
    Location here = own_location(otr);
    auto result = std::make_shared<ActionResult>();
    job_slot().start(
        [=] { *result = sync ? sync_with_client(here, *own, others, options) : import_into_client(here, *own, others, options); },
        [=](std::exception_ptr error) {
            Outcome outcome;
            if (error) {
                outcome.error = message_of(error);
            } else {
                outcome.lines = result->lines;
                outcome.conflict = result->conflict;
                if (result->own_location_changed) {
                    PidginOtr now = PidginOtr::find();  // found again: pidgin-otr may have gone meanwhile
                    now.reload_from_files();
                    outcome.lines.push_back(now.loaded() ? tr("pidgin-otr reloaded its keys and fingerprints")
                                                         : tr("pidgin-otr is not loaded; it reads the new files when it starts"));
                }
            }
            deliver(then, outcome);
        });
}

void notify_error(const std::string& message) {
    purple_notify_message(nullptr, PURPLE_NOTIFY_MSG_ERROR, "KeySync", tr("KeySync could not do that"), message.c_str(), nullptr,
                          nullptr);
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
    bool sync = request->sync;
    try {
        run(request->locations, sync, true, request->force, button == 1 ? request->other_app : "", [sync](const Outcome& o) {
            if (!o.error.empty()) return notify_error(o.error);
            purple_notify_formatted(nullptr, "KeySync", sync ? tr("Synced") : tr("Imported"), nullptr, join(o.lines).c_str(), nullptr,
                                    nullptr);
        });
    } catch (const std::exception& e) {
        notify_error(e.what());
    }
}

void on_cancel(Request* request, int) { delete request; }

// Asks to apply the dry run's LINES; a CONFLICT (one account, two keys) is the user's to
// decide: keep Pidgin's key, or take the other app's.
void ask_to_apply(Request request, const std::vector<std::string>& lines, bool conflict) {
    request.other_app = request.locations.front().substr(0, request.locations.front().find(':'));
    std::string text = join(lines);
    std::string use_other = fill(tr("Apply, use {}'s keys"), {request.other_app});
    auto* raw = new Request(std::move(request));
    const char* title = raw->sync ? tr("Sync OTR keys and trust?") : tr("Import OTR keys and trust?");
    void* handle = purple_plugins_find_with_id("core-keysync");
    if (conflict)
        purple_request_action(handle, "KeySync", title, text.c_str(), 0, nullptr, nullptr, nullptr, raw, 3,
                              tr("_Apply, keep Pidgin's keys"), PURPLE_CALLBACK(on_apply), use_other.c_str(),
                              PURPLE_CALLBACK(on_apply), tr("_Cancel"), PURPLE_CALLBACK(on_cancel));
    else
        purple_request_action(handle, "KeySync", title, text.c_str(), 0, nullptr, nullptr, nullptr, raw, 2, tr("_Apply"),
                              PURPLE_CALLBACK(on_apply), tr("_Cancel"), PURPLE_CALLBACK(on_cancel));
}

// Runs the dry run in the background, then asks.
void confirm(const Request& request) {
    run(request.locations, request.sync, false, request.force, "", [request](const Outcome& o) {
        if (!o.error.empty()) return notify_error(o.error);
        ask_to_apply(request, o.lines, o.conflict);
    });
}

void on_import_fields(void*, PurpleRequestFields* fields) {
    try {
        std::vector<std::string> names;
        for (const auto& app : all_apps())
            if (app->name() != "pidgin") names.push_back(app->name());
        int choice = purple_request_fields_get_choice(fields, "app");
        const char* dir = purple_request_fields_get_string(fields, "folder");
        if (choice < 0 || static_cast<std::size_t>(choice) >= names.size()) throw Error(tr("no app chosen"));
        Request request;
        request.locations = {names[static_cast<std::size_t>(choice)] + (dir && *dir ? std::string(":") + dir : "")};
        confirm(request);
    } catch (const std::exception& e) {
        notify_error(e.what());
    }
}

void on_sync_fields(void*, PurpleRequestFields* fields) {
    try {
        Request request;
        request.sync = true;
        const char* text = purple_request_fields_get_string(fields, "locations");
        request.locations = words(text ? text : "");
        request.force = purple_request_fields_get_bool(fields, "force");
        confirm(request);
    } catch (const std::exception& e) {
        notify_error(e.what());
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

// The QR code as an image in the dialog (pidgin's formatted notify shows <img id=N>).
void show_qr_dialog(const ChatSecureExport& result, const std::vector<std::string>& lines) {
    int image = purple_imgstore_add_with_id(g_memdup2(result.qr_png.data(), result.qr_png.size()), result.qr_png.size(),
                                            "chatsecure-password.png");
    std::string html = "<img id=\"" + std::to_string(image) + "\"><br>";
    for (const auto& l : lines) html += html_escape(l) + "<br>";
    purple_notify_formatted(purple_plugins_find_with_id("core-keysync"), "KeySync", tr("Export to ChatSecure"),
                            tr("Scan this QR code with ChatSecure on your phone: it is the password of the file."), html.c_str(),
                            nullptr, nullptr);
    purple_imgstore_unref_by_id(image);
}

}  // namespace

void run_export(const std::string& dir, Then then) {
    PidginOtr otr = PidginOtr::find();
    if (otr.loaded()) otr.flush_to_files();
    auto store = std::make_shared<KeyStore>(otr.current_store());
    auto result = std::make_shared<ChatSecureExport>();
    job_slot().start([=] { *result = export_chatsecure_from_client(*store, dir, nullptr); },
                     [=](std::exception_ptr error) {
                         if (error) return deliver(then, Outcome{{}, message_of(error)});
                         std::vector<std::string> lines = describe_export(*result);
                         show_qr_dialog(*result, lines);
                         deliver(then, Outcome{lines, ""});
                     });
}

void export_to_chatsecure() {
    try {
        run_export(g_get_home_dir(), [](const Outcome& o) {
            if (!o.error.empty()) notify_error(o.error);
        });
    } catch (const std::exception& e) {
        notify_error(e.what());
    }
}

std::vector<std::string> status_lines() {
    PidginOtr otr = PidginOtr::find();
    std::vector<std::string> lines{otr.loaded() ? tr("pidgin-otr's live state:") : tr("pidgin-otr is not loaded; its files hold:")};
    for (auto& l : describe_store(otr.current_store())) lines.push_back(l);
    return lines;
}

void run_import(const std::vector<std::string>& specs, bool apply, Then then) { run(specs, false, apply, false, "", std::move(then)); }
void run_sync(const std::vector<std::string>& specs, bool apply, bool force, Then then) {
    run(specs, true, apply, force, "", std::move(then));
}

void show_status() {
    try {
        purple_notify_formatted(nullptr, "KeySync", tr("OTR keys and trust"), nullptr, join(status_lines()).c_str(), nullptr,
                                nullptr);
    } catch (const std::exception& e) {
        notify_error(e.what());
    }
}

void ask_import() {
    PurpleRequestFieldGroup* group = nullptr;
    PurpleRequestFields* fields = single_group(&group);
    PurpleRequestField* app = purple_request_field_choice_new("app", tr("App"), 0);
    int index = 0, detected = -1;
    for (const auto& a : all_apps()) {
        if (a->name() == "pidgin") continue;
        purple_request_field_choice_add(app, (a->name() + " — " + a->description()).c_str());
        if (detected < 0 && a->present(parse_location(a->name(), g_get_home_dir()).dir)) detected = index;
        ++index;
    }
    purple_request_field_choice_set_default_value(app, detected < 0 ? 0 : detected);
    purple_request_field_group_add_field(group, app);
    purple_request_field_group_add_field(group, purple_request_field_string_new("folder", tr("Folder (empty: the app's usual place)"), "", FALSE));
    purple_request_fields(purple_plugins_find_with_id("core-keysync"), "KeySync", tr("Import OTR keys from another app"),
                          tr("You will see what changes before anything is written."), fields, tr("_Next"),
                          PURPLE_CALLBACK(on_import_fields), tr("_Cancel"), nullptr, nullptr, nullptr, nullptr, nullptr);
}

void ask_sync() {
    std::string detected;
    for (const auto& a : all_apps())
        if (a->name() != "pidgin" && a->writable() && a->present(parse_location(a->name(), g_get_home_dir()).dir))
            detected += (detected.empty() ? "" : " ") + a->name();
    PurpleRequestFieldGroup* group = nullptr;
    PurpleRequestFields* fields = single_group(&group);
    purple_request_field_group_add_field(
        group, purple_request_field_string_new("locations", tr("Apps (APP or APP:FOLDER, space separated)"), detected.c_str(), FALSE));
    purple_request_field_group_add_field(group, purple_request_field_bool_new("force", tr("Write even while those apps run"), FALSE));
    purple_request_fields(purple_plugins_find_with_id("core-keysync"), "KeySync", tr("Sync OTR keys with other apps"),
                          tr("Pidgin and these apps end up with the same keys and verified contacts."), fields, tr("_Next"),
                          PURPLE_CALLBACK(on_sync_fields), tr("_Cancel"), nullptr, nullptr, nullptr, nullptr, nullptr);
}

}  // namespace keysync::pidgin
