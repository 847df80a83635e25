#include "keysync/location.hpp"

#include "keysync/error.hpp"
#include "keysync/registry.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

std::uintmax_t Location::files_bytes() const {
    std::uintmax_t bytes = 0;
    for (const std::filesystem::path& f : app->files(dir)) {
        std::error_code error;
        std::uintmax_t size = std::filesystem::file_size(f, error);
        if (!error) bytes += size;
    }
    return bytes;
}

Location parse_location(std::string_view spec, const std::filesystem::path& home) {
    std::size_t colon = spec.find(':');
    std::string_view name = spec.substr(0, colon);
    const App* app = find_app(name);
    if (!app) {
        std::string known;
        for (const auto& a : all_apps()) known += (known.empty() ? "" : ", ") + a->name();
        throw Error(fill(tr("unknown app \"{}\" in location \"{}\" (known: {})"), {std::string(name), std::string(spec), known}));
    }
    Location location{app, {}};
    if (colon != std::string_view::npos) {
        std::string_view dir = spec.substr(colon + 1);
        if (dir.empty()) throw Error(fill(tr("location \"{}\" has an empty folder after ':'"), {std::string(spec)}));
        // "app:~/x" reaches us unexpanded (the shell expands "~" only at the start of a word).
        if (dir == "~" || dir.substr(0, 2) == "~/")
            location.dir = home / std::filesystem::path(dir.substr(std::min<std::size_t>(2, dir.size())));
        else
            location.dir = std::filesystem::path(dir);
        return location;
    }
    auto defaults = app->default_dirs();
    if (defaults.empty()) throw Error(fill(tr("app \"{}\" has no default folder; give one as {}:DIR"), {std::string(name), std::string(name)}));
    location.dir = home / defaults.front();
    for (const auto& d : defaults)
        if (app->present(home / d)) {
            location.dir = home / d;
            break;
        }
    return location;
}

}  // namespace keysync
