#include "keysync/sync.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <latch>
#include <optional>
#include <shared_mutex>

#include "keysync/contacts_round_trip.hpp"
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

// Counts LATCH down once: when told, or when it ends (so also for a task that failed).
class CountDownOnce {
public:
    explicit CountDownOnce(std::latch* latch) : latch_(latch) {}
    CountDownOnce(const CountDownOnce&) = delete;
    CountDownOnce& operator=(const CountDownOnce&) = delete;
    ~CountDownOnce() { now(); }
    void now() {
        if (latch_) latch_->count_down();
        latch_ = nullptr;
    }

private:
    std::latch* latch_;
};

// STORE (what SIDE holds) in the shared names, with what planning SIDE needs in its own names
// kept in HELD_OWN when they differ; the renames are told in LINES.
KeyStore in_shared_names(const SyncSide& side, KeyStore store, HeldStore& held_own, std::vector<std::string>* lines) {
    if (side.renames.empty()) return store;
    if (side.write) held_own = held_store(store);
    for (const std::string& line : apply_account_renames(store, side.renames))
        if (lines) lines->push_back(side.location.text() + ": " + line);
    return store;
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
    // A side at a time: read (when it is read only now), put in the shared names, and merged,
    // kept only as much as planning it needs: its accounts, and where the merge put each of its
    // entries (HeldInMerged: 4 bytes an entry; none for a side only read from), and in its own
    // names for what changes when those differ. A sync of four locations of 100k holds the
    // merged entries, not four stores of them.
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
        to_merge[i] = in_shared_names(side, std::move(side.store), held_own[i], &rename_lines[i]);
        side.store = {};
        held_shared[i].accounts = to_merge[i].accounts;
        give_back_free_memory();  // its file, before the next is read
        reading.in_order_later(i, [&, i] {
            // Its entries taken when they are the first, else copied.
            merger.add(std::move(to_merge[i]), sides[i].write ? &held_shared[i].in_merged : nullptr);
            to_merge[i] = {};
            give_back_free_memory();
        });
    });
    for (const auto& lines : rename_lines) report.lines.insert(report.lines.end(), lines.begin(), lines.end());
    std::vector<std::vector<HeldInMerged>*> held_entries;
    for (HeldStore& held : held_shared) held_entries.push_back(&held.in_merged);
    MergeResult merged = std::move(merger).finish(held_entries);
    for (HeldStore& held : held_shared) held.merged = &merged.store;
    if (!options.prefer.empty())
        for (std::string& line : resolve(merged, sides, held_shared, options.prefer)) report.lines.push_back(line);
    add_conflicts(report.lines, merged.conflicts);
    report.unresolved = merged.conflicts;

    // Each location is planned, checked and staged (its new files synced to temp files beside
    // the old ones), two at a time: only two locations' new files are in memory at once, and
    // nothing visible changes until every location is staged. The last one planned takes the
    // merged store instead of a copy.
    std::vector<std::size_t> plan_order;
    for (std::size_t i = 0; i < sides.size(); ++i)
        if (sides[i].write) plan_order.push_back(i);
    // The larger files first: the longest plans (and asks whether a location holds all it is
    // given) start first, so the two threads end together (Jitsi's 20 MiB last would keep one
    // thread waiting).
    std::vector<std::uintmax_t> file_bytes(sides.size(), 0);
    for (std::size_t i : plan_order) file_bytes[i] = sides[i].location.files_bytes();
    // What a location keeping contacts of any account (Jitsi, ChatSecure) will hold comes back at
    // the next sync (contacts_round_trip.hpp). When other locations are written too and it may
    // bring something (rarely: a contact only some accounts trust, a Bonjour contact), what it
    // will hold is looked up in the merged store as it is planned; where that would change the
    // store, it is merged back and every location is planned again, so a second sync has nothing
    // left to change. Those locations are then planned first, so that the last one, which takes
    // the merged store, need not be looked up in it.
    auto keeps_contacts = [&](std::size_t i) { return sides[i].location.app->keeps_contacts_of_any_account(); };
    bool round_trip = false;
    if (plan_order.size() > 1 && std::any_of(plan_order.begin(), plan_order.end(), keeps_contacts)) {
        // Two looks at each of the merged entries, on the two threads at once.
        bool looks[2] = {false, false};
        OrderedTasks looking(2, sync_threads());
        looking.run([&](std::size_t k) {
            looks[k] = k == 0 ? trust_differs_between_accounts(merged.store)
                              : std::any_of(plan_order.begin(), plan_order.end(), [&](std::size_t i) {
                                    return keeps_contacts(i) && sides[i].location.app->gives_back_renamed(merged.store);
                                });
        });
        round_trip = looks[0] || looks[1];
    }
    std::stable_sort(plan_order.begin(), plan_order.end(), [&](std::size_t a, std::size_t b) {
        if (round_trip && keeps_contacts(a) != keeps_contacts(b)) return keeps_contacts(a);
        return file_bytes[a] > file_bytes[b];
    });
    std::vector<std::optional<LocationUpdate>> updates(sides.size());  // by side
    std::vector<std::optional<StagedFiles>> staged(sides.size());
    constexpr int kRounds = 3;  // a Bonjour contact ChatSecure gives back as an XMPP one takes two
    for (int round = 1;; ++round) {
        const bool last_round = !round_trip || round == kRounds;
        std::optional<PeerIndex> index;
        if (!last_round) index.emplace(merged.store.peers);
        std::vector<std::optional<KeyStore>> comes_back(sides.size());
        // What the locations hold is kept as places in MERGED until each is compared with what
        // it will hold. The last one planned takes MERGED once the others have their copies,
        // making whole first what the others have not compared yet (under MERGED_LOCK, which
        // each holds while it compares), so it need not wait for their comparisons. In a round
        // before the last, it waits for them to be done with MERGED: their contents are looked
        // up in it.
        std::shared_mutex merged_lock;
        std::vector<char> compared(sides.size(), false);  // by side, under MERGED_LOCK
        // Whether SIDE is given the merged entries as they are (plan_update plans the copy it is
        // given): no renames, and no entry plan_update would drop or give each account.
        const bool any_mangled = std::any_of(merged.store.peers.begin(), merged.store.peers.end(),
                                             [](const PeerFingerprint& p) { return p.name_is_mangled; });
        const bool any_of_any_account = std::any_of(merged.store.peers.begin(), merged.store.peers.end(),
                                                    [](const PeerFingerprint& p) { return p.account.is_any(); });
        auto given_as_is = [&](const SyncSide& side) {
            const App& app = *side.location.app;
            return side.renames.empty() && app.writable() && (!any_mangled || app.keeps_mangled_names()) &&
                   (!any_of_any_account || app.keeps_contacts_of_any_account());
        };
        // Summarised in its update: what SIDE held need not be kept while the others are planned
        // (a location planned again reads it again; one given up front keeps it, whole: the
        // merged store changes before then).
        auto let_go_of_held = [&](std::size_t i) {
            if (last_round || sides[i].read) {
                held_shared[i] = {};
                held_own[i] = {};
            } else {
                held_shared[i] = held_in_full(std::move(held_shared[i]));
            }
        };
        // The last one planned takes MERGED once the others are done copying it (or asking it,
        // below), waiting for them if it must: they started before it, so the wait is at most
        // one copy, which a copy of its own would take too, with 6 MiB more held (100k).
        std::latch copied(plan_order.empty() ? 0 : static_cast<std::ptrdiff_t>(plan_order.size() - 1));
        std::latch looked_up(last_round || plan_order.empty() ? 0 : static_cast<std::ptrdiff_t>(plan_order.size() - 1));
        OrderedTasks planning(plan_order.size(), sync_threads());  // two locations at once
        planning.run([&](std::size_t k) {
            std::size_t i = plan_order[k];
            SyncSide& side = sides[i];
            const bool last = k + 1 == plan_order.size();
            CountDownOnce done_with_merged(last || last_round ? nullptr : &looked_up);  // also when it fails
            CountDownOnce done_copying(last ? nullptr : &copied);
            EntryOrder order = location_order(merged.store, held_shared[i]);  // on both threads at once
            // Holding all it is given already (a sync run again), it is not planned: its files
            // would not change. Asked before the merged entries are copied for it, when they are
            // given as they are (otherwise plan_update asks). Nothing comes back from such files:
            // they give back what it holds, merged already.
            const bool asked = given_as_is(side);
            if (asked) {
                std::shared_lock lock(merged_lock);
                compared[i] = holds_all(held_shared[i], merged, order, limits_of(*side.location.app));
            }
            if (compared[i]) {
                updates[i].emplace(LocationUpdate{side.location, {}, {}, {}});
                staged[i].reset();  // (what an earlier round staged, its temp files removed)
                let_go_of_held(i);
                return;
            }
            KeyStore target;
            bool take = last && (last_round || !keeps_contacts(i));
            if (take && !last_round) {  // and once the others' contents are looked up in it, unless one comes back
                looked_up.wait();
                take = std::none_of(comes_back.begin(), comes_back.end(), [](const auto& c) { return c.has_value(); });
                if (take) index.reset();
            }
            if (take) {
                copied.wait();
                std::unique_lock lock(merged_lock);
                for (std::size_t j : plan_order)
                    if (!compared[j]) held_shared[j] = held_in_full(std::move(held_shared[j]));
                target = store_for_location(std::move(merged), held_shared[i], order);  // no copy of 100k entries
            } else {
                target = store_for_location(merged, held_shared[i], order);
            }
            done_copying.now();
            apply_account_renames(target, reversed(side.renames));  // back to its own names
            const HeldStore& before = side.renames.empty() ? held_shared[i] : held_own[i];
            auto holds_already = [&](const KeyStore& given) {
                if (asked) return false;  // (the answer above: its copy is what it was asked of)
                std::shared_lock lock(merged_lock);
                compared[i] = holds_all(before, given, limits_of(*side.location.app));
                return static_cast<bool>(compared[i]);
            };
            auto changes = [&](const KeyStore& content) {
                StoreChanges found;
                {
                    std::shared_lock lock(merged_lock);
                    found = changes_between(before, content);
                    compared[i] = true;
                }
                if (!index || !keeps_contacts(i)) return found;
                // A round trip: whether the content comes back with more (MERGED is only read
                // until the last takes it).
                if (side.renames.empty()) {  // no copy of 100k entries unless they come back
                    if (comes_back_with_more(content, merged.store, *index)) comes_back[i] = content;
                    return found;
                }
                KeyStore shared = content;
                apply_account_renames(shared, side.renames);
                if (comes_back_with_more(shared, merged.store, *index)) comes_back[i] = std::move(shared);
                return found;
            };
            LocationUpdate& update = updates[i].emplace(plan_update(side.location, std::move(target), !options.apply, holds_already, changes));
            let_go_of_held(i);
            done_with_merged.now();
            if (options.apply) {  // staged (temp files only) before the check: staging tells what changes
                update.changed_files = staged[i].emplace(update.plan.files).changed_files();
                if (!side.inside_client && !update.changed_files.empty())
                    check_client_not_running(side.location, options.force);  // before anything is renamed
            }
            std::vector<FileWrite>().swap(update.plan.files);
            give_back_free_memory();  // its plan and files, before the next is planned
        });
        std::vector<KeyStore> contents;
        for (auto& content : comes_back)
            if (content) contents.push_back(std::move(*content));
        if (contents.empty() || last_round) break;
        index.reset();
        merge_back(merged, std::move(contents));
        for (std::size_t i : plan_order)  // what each holds, for planning it again (its files are as they were)
            if (sides[i].read) held_shared[i] = held_store(in_shared_names(sides[i], sides[i].read(), held_own[i], nullptr));
    }
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
        if (!staged[i]) continue;  // it held all it was given
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
