// KeySync inside irssi: /keysync status | import | sync | export-chatsecure, on the OTR
// module's live state. A thin adapter: every decision is made by core (client_actions).
#include <exception>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "irssi_account_names.hpp"
#include "irssi_headers.hpp"
#include "irssi_otr_module.hpp"
#include "keysync/background_job.hpp"
#include "keysync/chatsecure_export.hpp"
#include "keysync/client_actions.hpp"
#include "keysync/command_words.hpp"
#include "keysync/error.hpp"
#include "keysync/libotr_family.hpp"
#include "keysync/registry.hpp"
#include "live_userstate.hpp"
#include "keysync/i18n.hpp"

namespace keysync::irssi {
namespace {

void print(const std::string& line) {
    std::string escaped;  // printtext_string expands irssi's %-codes
    for (char c : line) escaped += c == '%' ? std::string("%%") : std::string(1, c);
    printtext_string(nullptr, nullptr, MSGLEVEL_CLIENTCRAP, ("keysync: " + escaped).c_str());
}
void print_error(const std::string& line) {
    std::string escaped;
    for (char c : line) escaped += c == '%' ? std::string("%%") : std::string(1, c);
    printtext_string(nullptr, nullptr, MSGLEVEL_CLIENTERROR, ("keysync: " + std::string(tr("error: ")) + escaped).c_str());
}

using Words = CommandWords;

Location own_location() { return Location{find_app("irssi"), std::filesystem::path(get_irssi_dir())}; }

KeyStore live_store(const OtrModule& otr) {
    LiveSnapshot snapshot = snapshot_userstate(otr.state());
    return libotr_records_to_store(*find_app("irssi"), own_location().dir, std::move(snapshot.keys), snapshot.rows,
                                   "irssi (running)");
}

std::vector<Location> locations(const std::vector<std::string>& specs) {
    const char* home = g_get_home_dir();
    std::vector<Location> out;
    for (const std::string& spec : specs) out.push_back(parse_location(spec, home));
    return out;
}

void run_status(const OtrModule& otr) {
    for (const std::string& line : describe_store(live_store(otr))) print(line);
}

// The one background job (reading, merging, writing, pushing to a phone) so irssi stays usable.
JobSlot* jobs = nullptr;

gboolean on_job_ready(gint, GIOCondition, gpointer) {
    try {
        if (jobs) jobs->on_ready();
    } catch (...) {  // the continuations catch their own; nothing may reach GLib
    }
    return G_SOURCE_CONTINUE;  // on_ready removed this source already
}

void in_background(const std::string& command, std::function<void()> work, std::function<void()> show) {
    run_client_command(*jobs, command, "irssi", print, print_error, std::move(work), std::move(show));
}

void run_merge(const OtrModule& otr, const Words& words, bool sync) {
    if (words.positional.size() < 2)
        throw Error(sync ? tr("usage: /keysync sync APP[:DIR]... [-yes] [-force]") : tr("usage: /keysync import APP[:DIR] [-yes]"));
    std::vector<Location> others = locations({words.positional.begin() + 1, words.positional.end()});
    if (words.yes) otr.write_fingerprints();  // the files hold the live trust before we rewrite them
    ClientActionOptions options{words.yes, words.force, irssi_account_renames(), {}};
    auto own = std::make_shared<KeyStore>(live_store(otr));
    auto result = std::make_shared<ActionResult>();
    Location here = own_location();
    bool apply = words.yes;
    in_background(
        sync ? "sync" : "import",
        [=] {
            *result = sync ? sync_with_client(here, *own, others, options) : import_into_client(here, *own, others, options);
        },
        [=] {
            for (const std::string& line : result->lines) print(line);
            if (result->own_location_changed) {
                OtrModule::find().reload();  // found again: the OTR module may have gone meanwhile
                print(tr("irssi's OTR module reloaded its keys and fingerprints"));
            }
            if (!apply)
                print(fill(tr("nothing written yet; to apply: /keysync {} ... -yes"), {sync ? "sync" : "import"}));
        });
}

void run_export(const OtrModule& otr, const Words& words) {
    std::filesystem::path dir = words.positional.size() > 1 ? std::filesystem::path(words.positional[1]) : g_get_home_dir();
    auto store = std::make_shared<KeyStore>(live_store(otr));
    auto result = std::make_shared<ChatSecureExport>();
    auto progress = std::make_shared<std::vector<std::string>>();  // said on the main loop afterwards
    in_background(
        "export-chatsecure",
        [=] { *result = export_chatsecure_from_client(*store, dir, [progress](const std::string& l) { progress->push_back(l); }); },
        [=] {
            for (const std::string& line : *progress) print(line);
            std::istringstream art(result->qr_art);
            for (std::string line; std::getline(art, line);) print(line);
            for (const std::string& line : describe_export(*result)) print(line);
        });
}

void cmd_keysync(const void* data, const void*, const void*, const void*, const void*, const void*) {
    try {
        Words words = parse_command_words(static_cast<const char*>(data));
        std::string command = words.positional.empty() ? "" : words.positional[0];
        if (command.empty() || command == "help") {
            print(tr("usage: /keysync status | import APP[:DIR] [-yes] | sync APP[:DIR]... [-yes] [-force] | "
                     "export-chatsecure [DIR]; see /help keysync"));
            return;
        }
        OtrModule otr = OtrModule::find();
        if (command == "status")
            run_status(otr);
        else if (command == "import")
            run_merge(otr, words, false);
        else if (command == "sync")
            run_merge(otr, words, true);
        else if (command == "export-chatsecure")
            run_export(otr, words);
        else
            throw Error(fill(tr("unknown sub-command \"{}\"; see /help keysync"), {command}));
    } catch (const std::exception& e) {  // nothing may escape into irssi's C code
        print_error(e.what());
    } catch (...) {
        print_error(tr("unexpected failure"));
    }
}

}  // namespace
}  // namespace keysync::irssi

extern "C" {

void keysync_core_init(void) {
    module_register("keysync", "core");
    command_bind("keysync", nullptr, keysync::irssi::cmd_keysync);
    keysync::irssi::jobs = new keysync::JobSlot(
        [](int fd) { return keysync::JobSlot::Handle(g_unix_fd_add(fd, G_IO_IN, keysync::irssi::on_job_ready, nullptr)); },
        [](keysync::JobSlot::Handle source) { g_source_remove(static_cast<guint>(source)); });
}

void keysync_core_deinit(void) {
    command_unbind("keysync", keysync::irssi::cmd_keysync);
    delete keysync::irssi::jobs;  // waits for a running job: its files are never left half-written
    keysync::irssi::jobs = nullptr;
}

void keysync_core_abicheck(int* version) { *version = IRSSI_ABI_VERSION; }
}
