#include "keysync/running_clients.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>

namespace keysync {

std::optional<std::string> find_running_process(const std::vector<std::string>& names, const std::filesystem::path& proc) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
        std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit)) continue;
        std::ifstream comm(entry.path() / "comm");
        std::string name;
        if (!std::getline(comm, name)) continue;
        if (std::find(names.begin(), names.end(), name) != names.end()) return name + " (pid " + pid + ")";
    }
    return std::nullopt;
}

std::filesystem::path process_dir() {
    const char* dir = std::getenv("KEYSYNC_PROC_DIR");
    return dir && *dir ? dir : "/proc";
}

}  // namespace keysync
