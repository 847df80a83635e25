#include <iostream>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/registry.hpp"
#include "report.hpp"

namespace keysync::cli {

int run_apps(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync apps\n\nLists every supported app, its default folder and whether that folder holds\n"
                     "OTR files on this machine.\n");
        return 0;
    }
    if (!a.positional.empty()) throw UsageError(tr("apps takes no arguments"));
    std::filesystem::path home = home_dir();
    for (const auto& app : all_apps()) {
        Location location = parse_location(app->name(), home);
        bool present = app->present(location.dir);
        std::cout << app->name() << std::string(app->name().size() < 11 ? 11 - app->name().size() : 1, ' ')
                  << (present ? "present  " : "absent   ") << location.dir.string() << "  -- " << app->description()
                  << (app->writable() ? "" : " (read only)") << "\n";
    }
    return 0;
}

}  // namespace keysync::cli
