#pragma once
// Is the chat client that owns some files running? It would overwrite our changes on exit.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace keysync {

// "pidgin (pid 1234)" for the first process whose /proc/PID/comm is one of NAMES, else nullopt.
std::optional<std::string> find_running_process(const std::vector<std::string>& names,
                                                const std::filesystem::path& proc = "/proc");

// Where the running clients are looked for: /proc, or KEYSYNC_PROC_DIR when set — the test
// suite points it at an empty folder, so a Pidgin a developer has open cannot fail a test (the
// refusal itself is tested with the real /proc).
std::filesystem::path process_dir();

}  // namespace keysync
