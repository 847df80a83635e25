#include "keysync/client_actions.hpp"

#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "keysync/sync.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

std::string account_label(const AccountId& id) { return id.name_with_resource(); }

ActionResult run(const Location& own, const KeyStore& own_store, const std::vector<Location>& others,
                 const ClientActionOptions& options, bool write_others) {
    std::vector<SyncSide> sides{{own, own_store, {}, true, true, nullptr}};
    for (const Location& other : others)  // each read when the sync comes to it, let go of once merged
        sides.push_back({other, {}, options.renames, write_others, false,
                         [other, write_others] { return write_others ? read_location(other) : read_source_location(other); }});
    SyncReport report = sync_sides(std::move(sides), {options.apply, options.force, options.prefer});
    return {report.lines, report.changed[0], !report.unresolved.empty()};
}

}  // namespace

std::vector<std::string> describe_store(const KeyStore& store) {
    std::vector<std::string> lines;
    for (const Account& a : store.accounts)
        lines.push_back(fill(tr("account {} ({}) {}"), {account_label(a.id), a.id.protocol, a.key.fingerprint().human()}));
    for (const PeerFingerprint& p : store.peers)
        lines.push_back(fill(tr("peer {} {} {} (account {})"),
                             {p.peer, p.fingerprint.human(), trust_label(p.trust.level), account_label(p.account)}));
    if (store.accounts.empty() && store.peers.empty()) lines.push_back(tr("no OTR keys or fingerprints"));
    for (const std::string& note : store.notes) lines.push_back(fill(tr("note: {}"), {note}));
    return lines;
}

ActionResult import_into_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& sources,
                                const ClientActionOptions& options) {
    return run(own, own_store, sources, options, false);
}

ActionResult sync_with_client(const Location& own, const KeyStore& own_store, const std::vector<Location>& others,
                              const ClientActionOptions& options) {
    return run(own, own_store, others, options, true);
}

}  // namespace keysync
