#pragma once
// Bringing one location up to a merged store: the plan (what would change, for dry runs and
// summaries; its files are then staged and committed through safe_file). Shared by the CLI and
// the plugins, through sync_sides.
#include <functional>
#include <string>
#include <vector>

#include "keysync/location.hpp"
#include "keysync/merge.hpp"
#include "keysync/safe_file.hpp"

namespace keysync {

struct LocationUpdate {
    Location location;
    WritePlan plan;  // its content keeps the accounts only: the fingerprints are in CHANGES
    StoreChanges changes;
    std::vector<std::filesystem::path> changed_files;  // files whose bytes would differ
};

// Reads nothing: BEFORE is what the location holds now (empty when it has no files yet).
// TARGET is the merged store for this location (moved in: it may hold 100k fingerprints).
// Files the plan makes later (FileWrite::produce) are made once here to see whether they would
// change, unless not COMPARE_PRODUCED: a sync about to stage them learns it from StagedFiles,
// which makes them once, and fills in CHANGED_FILES itself. When the location holds all it
// would be given already (CHANGES empty), the plan has no files: nothing is rewritten.
LocationUpdate plan_update(const Location& location, const HeldStore& before, KeyStore target, bool compare_produced = true);
LocationUpdate plan_update(const Location& location, const KeyStore& before, KeyStore target, bool compare_produced = true);
// The same, with HOLDS_ALREADY(given) telling whether the location holds all of what it is
// given already (holds_all; then nothing is planned), and CHANGES(content)
// comparing what the location will hold with what it holds (a sync's, which may also look at
// that content) before the plan lets go of its fingerprints.
LocationUpdate plan_update(const Location& location, KeyStore target, bool compare_produced,
                           const std::function<bool(const KeyStore& given)>& holds_already,
                           const std::function<StoreChanges(const KeyStore& content)>& changes);

// What APP's files can hold, for holds_all.
LocationLimits limits_of(const App& app);

// Refuses (Error naming the process) while the location's client runs, unless FORCE.
void check_client_not_running(const Location& location, bool force);

// "! NOTE" lines for the first StoreChanges::kListed notes, then how many more there are.
void append_listed_notes(std::vector<std::string>& lines, const std::vector<std::string>& notes);

// Human-readable lines: added keys and fingerprints, raised trust, notes; "no changes".
std::vector<std::string> describe_update(const LocationUpdate& update);

// What the location holds now; an empty store when it has no OTR files yet.
KeyStore read_location(const Location& location);
// The same, but a location without OTR files is an Error ("no APP OTR files found there").
KeyStore read_source_location(const Location& location);

}  // namespace keysync
