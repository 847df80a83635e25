#include "keysync/client_actions.hpp"

#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "keysync/merge.hpp"

namespace keysync {
namespace {

std::string account_label(const AccountId& id) { return id.resource ? id.name + "/" + *id.resource : id.name; }

void add_conflicts(ActionResult& result, const std::vector<KeyConflict>& conflicts, const std::string& consequence) {
    for (const KeyConflict& c : conflicts) {
        result.lines.push_back("conflict: account " + c.account.display() + " has different private keys:");
        for (const auto& candidate : c.candidates)
            result.lines.push_back("  " + candidate.fingerprint.hex() + " from " + candidate.source);
        result.lines.push_back("  " + consequence);
    }
}

KeyStore read_source(const Location& location, const ClientActionOptions& options, ActionResult& result) {
    KeyStore store = read_source_location(location);
    for (std::string& line : apply_account_renames(store, options.renames)) result.lines.push_back(location.text() + ": " + line);
    return store;
}

// Plans (and with APPLY writes) one location; adds its summary to RESULT.
bool update_location(const Location& location, const KeyStore& before, const KeyStore& target, bool apply,
                     ActionResult& result) {
    LocationUpdate update = plan_update(location, before, target);
    result.lines.push_back(location.text() + (apply ? ":" : " (dry run, nothing written):"));
    for (const std::string& line : describe_update(update)) result.lines.push_back("  " + line);
    if (!apply || update.changed_files.empty()) return false;
    for (const CommittedFile& c : apply_update(update))
        if (c.changed)
            result.lines.push_back("  wrote " + c.path.string() +
                                   (c.backup ? " (previous file kept as " + c.backup->filename().string() + ")" : ""));
    return true;
}

}  // namespace

std::vector<std::string> describe_store(const KeyStore& store) {
    std::vector<std::string> lines;
    for (const Account& a : store.accounts)
        lines.push_back("account " + account_label(a.id) + " (" + a.id.protocol + ") " + a.key.fingerprint().human());
    for (const PeerFingerprint& p : store.peers)
        lines.push_back("peer " + p.peer + " " + p.fingerprint.human() + " " + std::string(to_string(p.trust.level)) +
                        " (account " + account_label(p.account) + ")");
    if (store.accounts.empty() && store.peers.empty()) lines.push_back("no OTR keys or fingerprints");
    for (const std::string& note : store.notes) lines.push_back("note: " + note);
    return lines;
}

ActionResult import_into_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& sources,
                                const ClientActionOptions& options) {
    ActionResult result;
    std::vector<KeyStore> read;
    for (const Location& source : sources) read.push_back(read_source(source, options, result));
    std::vector<const KeyStore*> inputs{&own_store};
    for (const KeyStore& s : read) inputs.push_back(&s);
    MergeResult merged = merge(inputs);
    add_conflicts(result, merged.conflicts, "kept as " + own.app->name() + " has it");
    result.own_location_changed =
        update_location(own, own_store, store_for_location(merged, own_store), options.apply, result);
    return result;
}

ActionResult sync_with_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& others,
                              const ClientActionOptions& options) {
    ActionResult result;
    std::vector<KeyStore> read;
    for (const Location& other : others) {
        read.push_back(other.app->present(other.dir) ? read_source(other, options, result) : KeyStore{});
        if (options.apply) check_client_not_running(other, options.force);
    }
    std::vector<const KeyStore*> inputs{&own_store};
    for (const KeyStore& s : read) inputs.push_back(&s);
    MergeResult merged = merge(inputs);
    add_conflicts(result, merged.conflicts, "not written anywhere; each app keeps the key it has");
    result.own_location_changed =
        update_location(own, own_store, store_for_location(merged, own_store), options.apply, result);
    // Other apps get the accounts back under their own names.
    std::vector<AccountRename> back;
    for (const AccountRename& r : options.renames) back.push_back(r.reversed());
    for (std::size_t i = 0; i < others.size(); ++i) {
        KeyStore target = store_for_location(merged, read[i]), before = read[i];
        apply_account_renames(target, back);
        apply_account_renames(before, back);
        update_location(others[i], before, target, options.apply, result);
    }
    return result;
}

}  // namespace keysync
