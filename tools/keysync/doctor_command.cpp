#include <ctime>
#include <iostream>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/doctor.hpp"
#include "keysync/location_update.hpp"
#include "keysync/registry.hpp"
#include "report.hpp"

namespace keysync::cli {

int run_doctor(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync doctor [LOCATION...]\n\n"
                     "Audits every location found in your home (or the ones given): the same account\n"
                     "with different keys in different apps, peers verified in one app but not in\n"
                     "another, key files other users can read, and old backups. Each finding comes\n"
                     "with the command that fixes it. Exit status 0 when all is well, 1 otherwise.\n");
        return 0;
    }
    std::vector<AuditedLocation> audited;
    std::vector<std::string> specs = a.positional;
    if (specs.empty())
        for (const auto& app : all_apps())
            if (app->present(location_argument(app->name()).dir)) specs.push_back(app->name());
    for (const std::string& spec : specs) {
        Location location = location_argument(spec);
        try {
            audited.push_back({location, read_source_location(location)});
            std::cout << fill(tr("checked {}"), {location.text()}) << "\n";
        } catch (const std::exception& e) {
            std::cout << fill(tr("problem: {}\n  fix: repair or restore the file (keysync restore {})"), {e.what(), spec}) << "\n";
        }
    }
    auto findings = audit(audited, std::time(nullptr));
    for (const Finding& f : findings) std::cout << fill(tr("problem: {}\n  fix: {}"), {f.problem, f.fix}) << "\n";
    if (findings.empty() && audited.size() == specs.size()) std::cout << tr("no problems found") << "\n";
    return findings.empty() && audited.size() == specs.size() ? 0 : 1;
}

}  // namespace keysync::cli
