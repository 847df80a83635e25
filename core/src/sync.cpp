#include "keysync/sync.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "keysync/error.hpp"
#include "keysync/free_memory.hpp"
#include "keysync/location_update.hpp"
#include "keysync/ordered_tasks.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

std::vector<AccountRename> reversed(const std::vector<AccountRename>& renames) {
    std::vector<AccountRename> out;
    for (const AccountRename& r : renames) out.push_back(r.reversed());
    return out;
}

// --prefer: the conflict's account takes the key the preferred app has; returns the lines to show.
std::vector<std::string> resolve(MergeResult& merged, const std::vector<SyncSide>& sides, const std::vector<HeldStore>& shared,
                                 const std::string& prefer) {
    std::vector<std::string> lines;
    std::vector<KeyConflict> left;
    for (const KeyConflict& c : merged.conflicts) {
        const Account* chosen = nullptr;
        for (std::size_t i = 0; i < sides.size() && !chosen; ++i)
            if (sides[i].location.app->name() == prefer) chosen = shared[i].find_account(c.account);
        if (!chosen) {
            left.push_back(c);
            continue;
        }
        for (Account& a : merged.store.accounts)
            if (a.id == c.account) {  // the key only: the account keeps the name details (resource) it has
                a.key = chosen->key;
                a.source = chosen->source;
            }
        lines.push_back(fill(tr("conflict for {} resolved: {}'s key {} replaces the others (each replaced file keeps a backup)"),
                             {c.account.display(), prefer, chosen->key.fingerprint().hex()}));
    }
    merged.conflicts = left;
    return lines;
}

// The bytes of LOCATION's files now (0 for those it does not have).
std::uintmax_t files_size(const Location& location) {
    std::uintmax_t bytes = 0;
    for (const std::filesystem::path& f : location.app->files(location.dir)) {
        std::error_code error;
        std::uintmax_t size = std::filesystem::file_size(f, error);
        if (!error) bytes += size;
    }
    return bytes;
}

void add_conflicts(std::vector<std::string>& lines, const std::vector<KeyConflict>& conflicts) {
    for (const KeyConflict& c : conflicts) {
        lines.push_back(fill(tr("conflict: account {} has different private keys:"), {c.account.display()}));
        for (const auto& candidate : c.candidates) lines.push_back("  " + fill(tr("{} from {}"), {candidate.fingerprint.hex(), candidate.source}));
        lines.push_back(std::string("  ") + tr("not written anywhere; each app keeps the key it has (choose one with --prefer APP)"));
    }
}

}  // namespace

SyncReport sync_sides(std::vector<SyncSide> sides, const SyncOptions& options) {
    SyncReport report;
    // A side at a time: read (when it is read only now), put in the shared names, kept only as
    // much as planning it needs (HeldStore: 36 bytes an entry; its accounts alone for a side
    // only read from) in the shared names for its order and in its own for what changes, and
    // merged: a sync of four locations of 100k holds the merged entries, not four stores of them.
    // Two sides are read at once (on two threads), but merged in their order; a thread whose
    // side's turn to be merged has not come leaves the merge to the thread before it and reads
    // on (a first sync's Jitsi is read while Pidgin's entries are merged).
    Merger merger;
    std::vector<HeldStore> held_shared(sides.size()), held_own(sides.size());
    std::vector<KeyStore> to_merge(sides.size());  // in the others' names
    std::vector<std::vector<std::string>> rename_lines(sides.size());
    OrderedTasks reading(sides.size(), sync_threads());
    reading.run([&](std::size_t i) {
        SyncSide& side = sides[i];
        if (side.read) side.store = side.read();
        if (side.renames.empty()) {
            to_merge[i] = std::move(side.store);
        } else {
            to_merge[i] = side.store;
            for (const std::string& line : apply_account_renames(to_merge[i], side.renames))
                rename_lines[i].push_back(side.location.text() + ": " + line);
            if (side.write) held_own[i] = held_store(side.store);
        }
        side.store = {};
        held_shared[i] = side.write ? held_store(to_merge[i]) : HeldStore{to_merge[i].accounts, {}};
        give_back_free_memory();  // its file, before the next is read
        reading.in_order_later(i, [&merger, &to_merge, i] {
            merger.add(std::move(to_merge[i]));  // its entries taken when they are the first, else copied
            to_merge[i] = {};
            give_back_free_memory();
        });
    });
    for (const auto& lines : rename_lines) report.lines.insert(report.lines.end(), lines.begin(), lines.end());
    MergeResult merged = std::move(merger).finish();
    if (!options.prefer.empty())
        for (std::string& line : resolve(merged, sides, held_shared, options.prefer)) report.lines.push_back(line);
    add_conflicts(report.lines, merged.conflicts);
    report.unresolved = merged.conflicts;

    // Each location is planned, checked and staged (its new files synced to temp files beside
    // the old ones), two at a time: only two locations' new files are in memory at once, and
    // nothing visible changes until every location is staged. The locations holding the most
    // are planned first, so what they hold now is let go of early; the last one planned takes
    // the merged store instead of a copy.
    std::vector<std::size_t> plan_order;
    for (std::size_t i = 0; i < sides.size(); ++i)
        if (sides[i].write) plan_order.push_back(i);
    // Of those holding as many, the larger files first: the longest plans start first, so the
    // two threads end together (Jitsi's 20 MiB last would keep one thread waiting).
    std::vector<std::uintmax_t> file_bytes(sides.size(), 0);
    for (std::size_t i : plan_order) file_bytes[i] = files_size(sides[i].location);
    std::stable_sort(plan_order.begin(), plan_order.end(), [&](std::size_t a, std::size_t b) {
        if (held_shared[a].peers.size() != held_shared[b].peers.size()) return held_shared[a].peers.size() > held_shared[b].peers.size();
        return file_bytes[a] > file_bytes[b];
    });
    std::vector<std::optional<LocationUpdate>> updates(sides.size());  // by side
    std::vector<std::optional<StagedFiles>> staged(sides.size());
    OrderedTasks planning(plan_order.size(), sync_threads());  // two locations at once
    planning.run([&](std::size_t k) {
        std::size_t i = plan_order[k];
        SyncSide& side = sides[i];
        EntryOrder order = location_order(merged.store, held_shared[i]);  // on both threads at once
        KeyStore target;
        planning.in_order(k, [&] {  // in order: the last one takes MERGED once the others have their copies
            target = k + 1 == plan_order.size() ? store_for_location(std::move(merged), held_shared[i], order)  // no copy of 100k entries
                                                : store_for_location(merged, held_shared[i], order);
        });
        apply_account_renames(target, reversed(side.renames));  // back to its own names
        const HeldStore& before = side.renames.empty() ? held_shared[i] : held_own[i];
        LocationUpdate& update = updates[i].emplace(plan_update(side.location, before, std::move(target), !options.apply));
        // Summarised in the update now: what it held need not be kept while the others are planned.
        held_shared[i] = {};
        held_own[i] = {};
        if (options.apply) {  // staged (temp files only) before the check: staging tells what changes
            update.changed_files = staged[i].emplace(update.plan.files).changed_files();
            if (!side.inside_client && !update.changed_files.empty())
                check_client_not_running(side.location, options.force);  // before anything is renamed
        }
        std::vector<FileWrite>().swap(update.plan.files);
        give_back_free_memory();  // its plan and files, before the next is planned
    });
    report.changed.assign(sides.size(), false);
    for (std::size_t i = 0; i < sides.size(); ++i) {
        if (!sides[i].write) continue;
        const LocationUpdate& update = *updates[i];
        report.lines.push_back(options.apply ? update.location.text() + ":" : fill(tr("{} (dry run, nothing written):"), {update.location.text()}));
        for (const std::string& line : describe_update(update)) report.lines.push_back("  " + line);
        if (!options.apply) {
            for (const auto& f : update.changed_files) report.lines.push_back("  " + fill(tr("would write {}"), {f.string()}));
            continue;
        }
        for (const CommittedFile& c : staged[i]->commit()) {
            if (!c.changed) continue;
            report.changed[i] = true;
            report.lines.push_back("  " + fill(tr("wrote {}"), {c.path.string()}) +
                                   (c.backup ? fill(tr(" (previous file kept as {})"), {c.backup->filename().string()}) : ""));
        }
    }
    return report;
}

}  // namespace keysync
