#include <iostream>
#include <map>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/error.hpp"
#include "keysync/safe_file.hpp"
#include "report.hpp"

namespace keysync::cli {
namespace {

// "otr.key.1700000000-1" -> "1700000000-1": one run's backups share it.
std::string stamp(const std::filesystem::path& file, const std::filesystem::path& backup) {
    return backup.filename().string().substr(file.filename().string().size() + 1);
}

}  // namespace

int run_restore(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--list"}, {"--at"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync restore LOCATION [--list] [--at STAMP]\n\n"
                     "Puts back the files KeySync replaced in LOCATION: the newest backups\n"
                     "(<name>.<unix-seconds>), or those of --at STAMP. The files it replaces are backed up\n"
                     "first, so a restore can be undone the same way.\n\n"
                     "  --list     show the backups, newest first, and restore nothing\n\n"
                     "example: keysync restore pidgin --list\n");
        return 0;
    }
    if (a.positional.size() != 1) throw UsageError(tr("restore needs exactly one LOCATION"));
    Location location = location_argument(a.positional[0]);
    std::map<std::string, std::vector<std::pair<std::filesystem::path, std::filesystem::path>>, std::greater<>> by_stamp;
    for (const auto& file : location.app->files(location.dir))
        for (const auto& backup : list_backups(file)) by_stamp[stamp(file, backup)].push_back({file, backup});
    if (by_stamp.empty()) throw Error(fill(tr("{}: no KeySync backups there"), {location.text()}));
    if (a.has("--list")) {
        for (const auto& [when, files] : by_stamp)
            for (const auto& [file, backup] : files) std::cout << when << "  " << backup.string() << "\n";
        return 0;
    }
    std::string when = a.option("--at", by_stamp.begin()->first);
    auto chosen = by_stamp.find(when);
    if (chosen == by_stamp.end()) throw Error(fill(tr("{}: no backups stamped {} (see --list)"), {location.text(), when}));
    std::vector<FileWrite> writes;
    for (const auto& [file, backup] : chosen->second) writes.push_back({file, read_file(backup), true});
    for (const CommittedFile& c : commit_files(writes)) {
        std::cout << fill(c.changed ? tr("restored {}") : tr("unchanged {}"), {c.path.string()});
        if (c.backup) std::cout << fill(tr(" (the file it replaced is kept as {})"), {c.backup->filename().string()});
        std::cout << "\n";
    }
    return 0;
}

}  // namespace keysync::cli
