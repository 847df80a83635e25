#pragma once
// What the Tools > KeySync menu items do: ask (libpurple request dialogs), show the dry run,
// apply through core on confirmation, reload pidgin-otr, report (notify dialogs).
#include <functional>
#include <string>
#include <vector>

typedef struct _PurplePlugin PurplePlugin;

namespace keysync::pidgin {

void show_status();
void export_to_chatsecure();
void ask_import();
void ask_sync();

// The same work without dialogs (scripted runs and tests): LOCATIONS are APP[:DIR] words. The
// work runs in the background; THEN gets what it would have shown (or the error) on the main loop.
struct Outcome {
    std::vector<std::string> lines;
    std::string error;  // empty: it worked
    bool conflict = false;  // an account has two keys: the user chooses
};
using Then = std::function<void(const Outcome&)>;

std::vector<std::string> status_lines();
// Exports to DIR, shows the QR code dialog, then THEN.
void run_export(const std::string& dir, Then then);
void run_import(const std::vector<std::string>& locations, bool apply, Then then);
void run_sync(const std::vector<std::string>& locations, bool apply, bool force, Then then);

}  // namespace keysync::pidgin
