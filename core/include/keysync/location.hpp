#pragma once
// A location on the command line: "APP" (the app's default home) or "APP:DIR" (DESIGN.md §7).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "keysync/app.hpp"

namespace keysync {

struct Location {
    const App* app = nullptr;
    std::filesystem::path dir;
    std::shared_ptr<const SecureString> password = {};  // for an encrypted keystore (--password)
    std::string text() const { return app->name() + ":" + dir.string(); }
    std::uintmax_t files_bytes() const;  // of its app's files there now (0 for those it lacks)
};

// Throws Error for an unknown app name. HOME is used for "APP" alone.
Location parse_location(std::string_view spec, const std::filesystem::path& home);

}  // namespace keysync
