#pragma once
// What the Tools > KeySync menu items do: ask (libpurple request dialogs), show the dry run,
// apply through core on confirmation, reload pidgin-otr, report (notify dialogs).
#include <string>
#include <vector>

typedef struct _PurplePlugin PurplePlugin;

namespace keysync::pidgin {

void show_status();
void export_to_chatsecure();
void ask_import();
void ask_sync();

// The same work without dialogs (scripted runs and tests): LOCATIONS are APP[:DIR] words.
std::vector<std::string> status_lines();
// Exports to DIR, shows the QR code dialog, and returns what it said.
std::vector<std::string> run_export(const std::string& dir);
std::vector<std::string> run_import(const std::vector<std::string>& locations, bool apply);
std::vector<std::string> run_sync(const std::vector<std::string>& locations, bool apply, bool force);

}  // namespace keysync::pidgin
