#include "merge_into.hpp"

#include "keysync/location_update.hpp"
#include "report.hpp"

namespace keysync::cli {

void merge_into_location(const KeyStore& source, const Location& to, bool dry_run, bool force) {
    KeyStore before = read_location(to);
    MergeResult merged = merge({&before, &source});
    print_conflicts(merged.conflicts, "kept as " + to.text() + " has it");
    LocationUpdate update = plan_update(to, before, store_for_location(merged, before));
    std::vector<CommittedFile> committed;
    if (!dry_run && !update.changed_files.empty()) {
        check_client_not_running(to, force);
        committed = apply_update(update);
    }
    print_update(update, committed, dry_run);
}

}  // namespace keysync::cli
