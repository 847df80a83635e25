#include <iostream>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/registry.hpp"
#include "report.hpp"

namespace keysync::cli {
namespace {

// Spaces that fill TEXT (UTF-8) to WIDTH columns, at least one.
std::string pad_to(const std::string& text, std::size_t width) {
    std::size_t columns = 0;
    for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
    return std::string(columns < width ? width - columns : 1, ' ');
}

}  // namespace


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
        std::string state = present ? tr("present") : tr("absent");
        std::cout << app->name() << pad_to(app->name(), 11) << state << pad_to(state, 9) << location.dir.string() << "  -- "
                  << app->description() << (app->writable() ? "" : std::string(" ") + tr("(read only)")) << "\n";
    }
    return 0;
}

}  // namespace keysync::cli
