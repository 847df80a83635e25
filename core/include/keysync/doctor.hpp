#pragma once
// `keysync doctor`: an audit of every location found, with the command that fixes each finding.
#include <ctime>
#include <string>
#include <vector>

#include "keysync/location.hpp"

namespace keysync {

struct Finding {
    std::string problem;  // what is wrong, naming the location(s), account or file
    std::string fix;      // the command (or action) that fixes it
};

struct AuditedLocation {
    Location location;
    KeyStore store;
};

// Same account with different keys in different apps; peers trusted in one app and not in
// another that has the same account; key files others can read; backups older than
// MAX_BACKUP_AGE_DAYS.
std::vector<Finding> audit(const std::vector<AuditedLocation>& locations, std::time_t now, int max_backup_age_days = 90);

}  // namespace keysync
