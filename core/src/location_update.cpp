#include "keysync/location_update.hpp"

#include <algorithm>

#include "keysync/error.hpp"
#include "keysync/running_clients.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

// Each contact of any account becomes one of every account STORE has of its protocol (it
// stays as it is when there is none); the merge left only contacts no app ties to an account.
void give_contacts_accounts(KeyStore& store) {
    if (std::none_of(store.peers.begin(), store.peers.end(), [](const PeerFingerprint& p) { return p.account.is_any(); })) return;
    std::vector<PeerFingerprint> peers;
    peers.reserve(store.peers.size());
    for (PeerFingerprint& p : store.peers) {
        std::size_t before = peers.size();
        if (p.account.is_any())
            for (const Account& a : store.accounts)
                if (a.id.protocol == p.account.protocol) {
                    peers.push_back(p);
                    peers.back().account = a.id;
                }
        if (peers.size() == before) peers.push_back(std::move(p));
    }
    store.peers = std::move(peers);
}

}  // namespace

LocationLimits limits_of(const App& app) { return {app.highest_trust(), app.keeps_one_unverified_per_contact()}; }

KeyStore read_location(const Location& location) {
    if (!location.app->present(location.dir)) return {};
    return location.app->read(location.dir, ReadOptions{location.password.get()});
}

KeyStore read_source_location(const Location& location) {
    if (!location.app->present(location.dir))
        throw Error(fill(tr("{}: no {} OTR files found there"), {location.text(), location.app->name()}));
    return location.app->read(location.dir, ReadOptions{location.password.get()});
}

LocationUpdate plan_update(const Location& location, const KeyStore& before, KeyStore target, bool compare_produced) {
    return plan_update(location, held_store(before), std::move(target), compare_produced);
}

LocationUpdate plan_update(const Location& location, const HeldStore& before, KeyStore target, bool compare_produced) {
    return plan_update(
        location, std::move(target), compare_produced, [&](const KeyStore& given) { return holds_all(before, given, limits_of(*location.app)); },
        [&](const KeyStore& content) { return changes_between(before, content); });
}

LocationUpdate plan_update(const Location& location, KeyStore target, bool compare_produced,
                           const std::function<bool(const KeyStore& given)>& holds_already,
                           const std::function<StoreChanges(const KeyStore& content)>& changes) {
    if (!location.app->writable()) throw Error(fill(tr("{} files can only be read, not written"), {location.app->name()}));
    std::vector<std::string> dropped;
    if (!location.app->keeps_mangled_names()) {
        std::erase_if(target.peers, [&](const PeerFingerprint& p) {
            if (p.name_is_mangled)
                dropped.push_back(fill(tr("{}: fingerprint {} of Jitsi's contact {} not written: its real address is unknown "
                                          "(not in Jitsi's contactlist.xml)"),
                                       {location.app->name(), p.fingerprint.hex(), p.peer}));
            return p.name_is_mangled;
        });
    }
    if (!location.app->keeps_contacts_of_any_account()) give_contacts_accounts(target);
    // A location holding all it is given already (a sync run again) is not
    // planned at all: its plan would change nothing, and making it costs as much as reading
    // it (Jitsi's would scan its 20 MiB file again). What the app could not hold of the entries
    // it holds already needs no note: they are in its files, which stay as they are.
    if (holds_already(target)) {
        LocationUpdate update{location, {}, {}, {}};
        update.plan.content.accounts = std::move(target.accounts);
        update.plan.notes = std::move(dropped);
        return update;
    }
    LocationUpdate update{location, location.app->plan_write(std::move(target), location.dir), {}, {}};
    update.plan.notes.insert(update.plan.notes.begin(), dropped.begin(), dropped.end());
    update.changes = changes(update.plan.content);
    // A location that already holds everything it would be given keeps its files as they are,
    // even where KeySync would lay them out differently: nothing is made, compared or backed up
    // (a sync run again over 100k entries writes nothing).
    if (update.changes.empty()) update.plan.files.clear();
    // Its fingerprints are summarised in CHANGES now; a sync holds every side's update at once.
    std::vector<PeerFingerprint>().swap(update.plan.content.peers);
    for (const FileWrite& f : update.plan.files) {
        if (f.produce && !compare_produced) continue;  // staging will tell
        // A produced file is made only now, with the entries let go of, and compared piece by piece.
        if (f.produce ? !file_holds(f.path, f.produce) : !file_holds(f.path, f.contents)) update.changed_files.push_back(f.path);
    }
    return update;
}

void check_client_not_running(const Location& location, bool force) {
    if (force) return;
    if (auto process = find_running_process(location.app->process_names(), process_dir()))
        throw Error(fill(tr("{}: {} is running and would overwrite the change when it exits; close it first or pass --force"),
                         {location.text(), *process}));
}

void append_listed_notes(std::vector<std::string>& lines, const std::vector<std::string>& notes) {
    std::size_t listed = std::min(notes.size(), StoreChanges::kListed);
    for (std::size_t i = 0; i < listed; ++i) lines.push_back("! " + notes[i]);
    if (std::size_t more = notes.size() - listed)
        lines.push_back(fill(trn("! {} more note like these", "! {} more notes like these", more), {std::to_string(more)}));
}

std::vector<std::string> describe_update(const LocationUpdate& update) {
    std::vector<std::string> lines;
    for (const auto& a : update.changes.added_accounts)
        lines.push_back(fill(tr("+ key {} for account {}"), {a.fingerprint.hex(), a.id.display()}));
    for (const auto& a : update.changes.replaced_keys)
        lines.push_back(fill(tr("~ key {} for account {} in place of the one it had"), {a.fingerprint.hex(), a.id.display()}));
    for (const auto& p : update.changes.added_fingerprints)
        lines.push_back(fill(tr("+ fingerprint {} of {} for {} ({})"),
                             {p.fingerprint.hex(), p.peer, p.account.display(), trust_label(p.trust.level)}));
    if (std::size_t more = update.changes.added_fingerprint_count - update.changes.added_fingerprints.size())
        lines.push_back(fill(trn("+ {} more fingerprint", "+ {} more fingerprints", more), {std::to_string(more)}));
    for (const auto& r : update.changes.raised_trust)
        lines.push_back(fill(tr("^ trust {} -> {} for {} of {} ({})"),
                             {trust_label(r.before), trust_label(r.peer.trust.level), r.peer.fingerprint.hex(),
                              r.peer.peer, r.peer.account.display()}));
    if (std::size_t more = update.changes.raised_trust_count - update.changes.raised_trust.size())
        lines.push_back(fill(trn("^ trust raised for {} more fingerprint", "^ trust raised for {} more fingerprints", more),
                             {std::to_string(more)}));
    append_listed_notes(lines, update.plan.notes);
    if (update.changes.empty() && update.changed_files.empty()) lines.push_back(tr("no changes"));
    return lines;
}

}  // namespace keysync
