#include "report.hpp"

#include "arguments.hpp"

#include <cstdlib>
#include <iostream>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync::cli {

std::filesystem::path home_dir() {
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw Error(tr("HOME is not set; give locations as APP:DIR"));
    return home;
}

Location location_argument(const std::string& spec) { return parse_location(spec, home_dir()); }

Location location_argument(const std::string& spec, const Arguments& args) {
    Location location = location_argument(spec);
    auto it = args.options.find("--password");
    if (it != args.options.end() && !it->second.empty())
        location.password = std::make_shared<const SecureString>(it->second.back().begin(), it->second.back().end());
    return location;
}

void print_conflicts(const std::vector<KeyConflict>& conflicts, const std::string& consequence) {
    for (const KeyConflict& c : conflicts) {
        std::cerr << fill(tr("conflict: account {} has different private keys:"), {c.account.display()}) << "\n";
        for (const auto& candidate : c.candidates)
            std::cerr << "  " << fill(tr("{} from {}"), {candidate.fingerprint.hex(), candidate.source}) << "\n";
        std::cerr << "  " << consequence << "\n";
    }
}

}  // namespace keysync::cli
