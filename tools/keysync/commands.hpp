#pragma once
// One function per sub-command; each returns the exit status (DESIGN.md §7).
#include <string>
#include <vector>

namespace keysync::cli {

int run_apps(const std::vector<std::string>& args);
int run_list(const std::vector<std::string>& args);
int run_convert(const std::vector<std::string>& args);
int run_doctor(const std::vector<std::string>& args);
int run_sync(const std::vector<std::string>& args);
int run_restore(const std::vector<std::string>& args);
int run_export_chatsecure(const std::vector<std::string>& args);
int run_import_chatsecure(const std::vector<std::string>& args);

}  // namespace keysync::cli
