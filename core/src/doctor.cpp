#include "keysync/doctor.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sys/stat.h>

#include "keysync/merge.hpp"
#include "keysync/safe_file.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

std::string quoted(const Location& l) { return "'" + l.text() + "'"; }

void check_keys(const std::vector<AuditedLocation>& locations, std::vector<Finding>& out) {
    std::vector<const KeyStore*> stores;
    for (const auto& l : locations) stores.push_back(&l.store);
    for (const KeyConflict& c : merge(stores).conflicts) {
        std::string where;
        for (const auto& candidate : c.candidates) where += " " + candidate.fingerprint.hex() + " (" + candidate.source + ")";
        out.push_back({fill(tr("account {} has different private keys:"), {c.account.display()}) + where,
                       tr("keep one identity: keysync sync <all locations> --prefer APP (the app whose key your contacts verified)")});
    }
}

// How TO knows P's fingerprint: its entry (the most trusted one, for a contact of any account),
// nullptr when it does not, or nothing when TO has no account P could belong to.
std::optional<const PeerFingerprint*> counterpart(const KeyStore& to, const PeerIndex& index, const PeerFingerprint& p) {
    if (auto at = index.find(p)) return &to.peers[*at];
    const PeerFingerprint* best = nullptr;
    for (std::size_t i : index.find_contact(p)) {
        const PeerFingerprint& q = to.peers[i];
        if ((p.account.is_any() || q.account.is_any()) && (!best || q.trust.level > best->trust.level)) best = &q;
    }
    if (best) return best;
    bool has_account = std::any_of(to.accounts.begin(), to.accounts.end(), [&](const Account& a) {
        return p.account.is_any() ? a.id.protocol == p.account.protocol : a.id == p.account;
    });
    if (has_account) return nullptr;
    return std::nullopt;
}

void check_trust(const std::vector<AuditedLocation>& locations, std::vector<Finding>& out) {
    std::vector<PeerIndex> indexes;
    for (const auto& l : locations) indexes.emplace_back(l.store.peers);
    for (const auto& from : locations) {
        for (const PeerFingerprint& p : from.store.peers) {
            if (!p.trust.trusted()) continue;
            for (std::size_t t = 0; t < locations.size(); ++t) {
                const auto& to = locations[t];
                if (&to == &from) continue;
                auto found = counterpart(to.store, indexes[t], p);
                if (!found) continue;
                const PeerFingerprint* there = *found;
                if (there && there->trust.trusted()) continue;
                out.push_back({fill(there ? tr("{} ({}) is {} in {} but unverified in {}") : tr("{} ({}) is {} in {} but unknown in {}"),
                                    {p.peer, p.fingerprint.hex(), trust_label(p.trust.level), from.location.text(),
                                     to.location.text()}),
                               "keysync convert " + quoted(from.location) + " " + quoted(to.location)});
            }
        }
    }
}

void check_files(const std::vector<AuditedLocation>& locations, std::time_t now, int max_age_days,
                 std::vector<Finding>& out) {
    for (const auto& l : locations) {
        for (const auto& file : l.location.app->files(l.location.dir)) {
            struct stat st {};
            if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077))
                out.push_back({fill(tr("{} can be read by other users (mode {})"),
                                    {file.string(), std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) +
                                                        std::to_string(st.st_mode & 7)}),
                               "chmod 600 '" + file.string() + "'"});
            for (const auto& backup : list_backups(file)) {
                struct stat bst {};
                if (::stat(backup.c_str(), &bst) != 0) continue;
                double days = std::difftime(now, bst.st_mtime) / 86400;
                if (days > max_age_days)
                    out.push_back({fill(tr("{} is a backup {} days old (it holds private keys)"),
                                        {backup.string(), std::to_string(static_cast<long>(days))}),
                                   fill(tr("rm '{}' (or keysync restore {} first)"), {backup.string(), quoted(l.location)})});
            }
        }
    }
}

}  // namespace

std::vector<Finding> audit(const std::vector<AuditedLocation>& locations, std::time_t now, int max_backup_age_days) {
    std::vector<Finding> out;
    for (const auto& l : locations)
        for (const std::string& note : l.store.notes)
            out.push_back({note, fill(tr("restore an older copy of that file (keysync restore {} --list), or make a new key in that app"),
                                      {quoted(l.location)})});
    check_keys(locations, out);
    check_trust(locations, out);
    check_files(locations, now, max_backup_age_days, out);
    return out;
}

}  // namespace keysync
