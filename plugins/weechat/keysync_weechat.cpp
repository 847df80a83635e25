// KeySync inside WeeChat: /keysync on the files of the otr.py script (WeeChat's OTR lives in
// Python, so there is no live libotr state: KeySync writes otr.py's files through core, then
// /python reload otr makes it re-read them — HOSTS.md §5). A thin adapter over core.
#include <exception>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <glib.h>
#include <weechat-plugin.h>

#include "keysync/background_job.hpp"
#include "keysync/chatsecure_export.hpp"
#include "keysync/client_actions.hpp"
#include "keysync/command_words.hpp"
#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "keysync/registry.hpp"
#include "weechat_account_names.hpp"
#include "keysync/i18n.hpp"

extern "C" {
WEECHAT_PLUGIN_NAME("keysync")
WEECHAT_PLUGIN_DESCRIPTION("Carry OTR keys and verified contacts between chat apps (KeySync)")
WEECHAT_PLUGIN_AUTHOR("KeySync developers")
WEECHAT_PLUGIN_VERSION("0.1.0")
WEECHAT_PLUGIN_LICENSE("GPL3")
WEECHAT_PLUGIN_PRIORITY(1000)
}

static struct t_weechat_plugin* weechat_plugin = nullptr;

namespace keysync::weechat {
namespace {

const char* const kReloadWarning = tr_noop(
    "otr.py still uses the old keys; /keysync reload makes it re-read them, which ends every running OTR session");

void print(const std::string& line) { weechat_printf(nullptr, "keysync: %s", line.c_str()); }
void print_error(const std::string& line) { weechat_printf(nullptr, "%skeysync: %s", weechat_prefix("error"), line.c_str()); }

using Words = CommandWords;

Location own_location() {
    const App* app = find_app("weechat");
    if (!app) throw Error(tr("this KeySync has no weechat app"));
    const char* dir = weechat_info_get("weechat_data_dir", "");
    return Location{app, std::filesystem::path(dir ? dir : "")};
}

void reload_otr() {
    weechat_command(nullptr, "/python reload otr");
    print(tr("otr.py reloaded its keys and fingerprints"));
}

// The one background job (reading, merging, writing, pushing to a phone) so WeeChat stays usable.
JobSlot* jobs = nullptr;

int on_job_ready(const void*, void*, int) {
    try {
        if (jobs) jobs->on_ready();
    } catch (...) {  // the continuations catch their own; nothing may reach WeeChat
    }
    return WEECHAT_RC_OK;
}

void in_background(const std::string& command, std::function<void()> work, std::function<void()> show) {
    run_client_command(*jobs, command, "WeeChat", print, print_error, std::move(work), std::move(show));
}

void run_merge(const Words& words, bool sync) {
    if (words.positional.size() < 2)
        throw Error(sync ? tr("usage: /keysync sync APP[:DIR]... [-yes [-reload]] [-force]")
                         : tr("usage: /keysync import APP[:DIR] [-yes [-reload]]"));
    std::vector<Location> others;
    for (auto it = words.positional.begin() + 1; it != words.positional.end(); ++it)
        others.push_back(parse_location(*it, g_get_home_dir()));
    Location own = own_location();
    ClientActionOptions options{words.yes, words.force, weechat_account_renames(weechat_plugin), {}};
    auto result = std::make_shared<ActionResult>();
    bool apply = words.yes, reload = words.reload;
    in_background(
        sync ? "sync" : "import",
        [=] {
            KeyStore own_store = read_location(own);
            *result = sync ? sync_with_client(own, own_store, others, options) : import_into_client(own, own_store, others, options);
        },
        [=] {
            for (const std::string& line : result->lines) print(line);
            if (!apply) {
                print(fill(tr("nothing written yet; to apply: /keysync {} ... -yes"), {sync ? "sync" : "import"}));
            } else if (result->own_location_changed) {
                if (reload)
                    reload_otr();
                else
                    print(tr(kReloadWarning));
            }
        });
}

// [DIR] [APP[:DIR]...]: otr.py's IRC keys alone give ChatSecure (XMPP only) nothing, so other
// apps' XMPP keys can be exported along with them.
void run_export(const Words& words) {
    std::filesystem::path dir = g_get_home_dir();
    std::vector<Location> sources{own_location()};
    for (auto it = words.positional.begin() + 1; it != words.positional.end(); ++it) {
        std::string name = it->substr(0, it->find(':'));
        if (it == words.positional.begin() + 1 && !find_app(name)) dir = *it;
        else sources.push_back(parse_location(*it, g_get_home_dir()));
    }
    auto lines = std::make_shared<std::vector<std::string>>();  // said on the main loop afterwards
    auto result = std::make_shared<ChatSecureExport>();
    in_background(
        "export-chatsecure",
        [=] {
            std::vector<KeyStore> stores{read_location(sources.front())};
            for (auto it = sources.begin() + 1; it != sources.end(); ++it) stores.push_back(read_source_location(*it));
            std::vector<const KeyStore*> inputs;
            for (const KeyStore& s : stores) inputs.push_back(&s);
            MergeResult merged = merge(inputs);
            for (const KeyConflict& c : merged.conflicts)
                lines->push_back(fill(tr("conflict: account {} has different keys in these apps; it is not exported"), {c.account.display()}));
            *result = export_chatsecure_from_client(store_for_location(merged, KeyStore{}), dir,
                                                    [lines](const std::string& l) { lines->push_back(l); });
        },
        [=] {
            for (const std::string& line : *lines) print(line);
            std::istringstream art(result->qr_art);
            for (std::string line; std::getline(art, line);) print(line);
            for (const std::string& line : describe_export(*result)) print(line);
        });
}

int command_callback(const void*, void*, struct t_gui_buffer*, int, char**, char** argv_eol) {
    try {
        Words words = parse_command_words(argv_eol[1]);
        std::string command = words.positional.empty() ? "" : words.positional[0];
        if (command == "status") {
            for (const std::string& line : describe_store(read_location(own_location()))) print(line);
        } else if (command == "import" || command == "sync") {
            run_merge(words, command == "sync");
        } else if (command == "export-chatsecure") {
            run_export(words);
        } else if (command == "reload") {
            reload_otr();
        } else {
            throw Error(command.empty() ? std::string(tr("what should KeySync do? see /help keysync"))
                                        : fill(tr("unknown sub-command \"{}\"; see /help keysync"), {command}));
        }
    } catch (const std::exception& e) {  // nothing may escape into WeeChat's C code
        print_error(e.what());
        return WEECHAT_RC_ERROR;
    } catch (...) {
        print_error(tr("unexpected failure"));
        return WEECHAT_RC_ERROR;
    }
    return WEECHAT_RC_OK;
}

int complete_apps(const void*, void*, const char*, struct t_gui_buffer*, struct t_gui_completion* completion) {
    for (const auto& app : all_apps())
        if (app->name() != "weechat") weechat_completion_list_add(completion, app->name().c_str(), 0, WEECHAT_LIST_POS_SORT);
    return WEECHAT_RC_OK;
}

}  // namespace
}  // namespace keysync::weechat

extern "C" int weechat_plugin_init(struct t_weechat_plugin* plugin, int, char**) {
    weechat_plugin = plugin;
    keysync::weechat::jobs = new keysync::JobSlot(
        [](int fd) {
            return keysync::JobSlot::Handle(
                reinterpret_cast<std::uintptr_t>(weechat_hook_fd(fd, 1, 0, 0, keysync::weechat::on_job_ready, nullptr, nullptr)));
        },
        [](keysync::JobSlot::Handle hook) { weechat_unhook(reinterpret_cast<struct t_hook*>(hook)); });
    weechat_hook_completion("keysync_apps", keysync::tr("chat apps KeySync reads and writes"), keysync::weechat::complete_apps, nullptr,
                            nullptr);
    weechat_hook_command(
        "keysync", keysync::tr("Carry OTR keys and verified contacts between chat apps (KeySync)"),
        "status || import <app>[:<dir>] [-yes [-reload]] || sync <app>[:<dir>]... [-yes [-reload]] [-force] || "
        "export-chatsecure [<dir>] [<app>[:<dir>]...] || reload",
        keysync::tr("  status: keys, fingerprints and trust in otr.py's files\n"
        "  import: merge another app's keys and fingerprints into otr.py's files\n"
        "    sync: merge otr.py's files and the given apps, write the result back to all\n"
        "  export-chatsecure: write the XMPP keys and verified contacts for ChatSecure on Android as\n"
        "          <dir>/otr_keystore.ofcaes (default: your home), encrypted with a new password shown here\n"
        "          as a QR code (also saved as otr_keystore-password.png); otr.py has only IRC keys, so name\n"
        "          the apps with your XMPP keys too; a phone connected over USB gets the file\n"
        "  reload: make otr.py re-read its files (/python reload otr); this ends running OTR sessions\n"
        "     app: pidgin, irssi, adium, jitsi, gajim, ... (see `keysync apps`); dir: its folder\n"
        "    -yes: apply (without it you see what would change)\n"
        " -reload: with -yes, reload otr.py at once\n"
        "  -force: write another app's files even while it runs\n\n"
        "import, sync and export-chatsecure work in the background (WeeChat stays usable) and end with \"done\";\n"
        "one such command runs at a time.\n"
        "Nothing is ever removed and trust is never lowered; replaced files are kept as <name>.<unix-seconds>.\n"
        "An account other apps name nick@server-address is otr.py's nick@server-name by your /server list.\n\n"
        "Examples:\n  /keysync status\n  /keysync import pidgin\n  /keysync import pidgin -yes -reload\n"
        "  /keysync sync pidgin irssi -yes\n  /keysync export-chatsecure pidgin"),
        "status || import %(keysync_apps) || sync %(keysync_apps)|%* || export-chatsecure %(keysync_apps)|%* || reload", keysync::weechat::command_callback,
        nullptr, nullptr);
    return WEECHAT_RC_OK;
}

extern "C" int weechat_plugin_end(struct t_weechat_plugin*) {
    delete keysync::weechat::jobs;  // waits for a running job: its files are never left half-written
    keysync::weechat::jobs = nullptr;
    return WEECHAT_RC_OK;
}
