#include "keysync/account_renames.hpp"

namespace keysync {

std::vector<std::string> apply_account_renames(KeyStore& store, const std::vector<AccountRename>& renames) {
    std::vector<std::string> report;
    for (const AccountRename& r : renames) {
        bool used = false;
        for (Account& a : store.accounts)
            if (a.id == r.from) a.id = r.to, used = true;
        for (PeerFingerprint& p : store.peers) {
            if (!(p.account == r.from)) continue;
            p.account = r.to, used = true;
            if (r.peer_suffix.empty()) continue;
            bool has_suffix = p.peer.size() > r.peer_suffix.size() && p.peer.ends_with(r.peer_suffix);
            if (r.strip_suffix && has_suffix) p.peer = p.peer.substr(0, p.peer.size() - r.peer_suffix.size());
            if (!r.strip_suffix && p.peer.find('@') == std::string::npos) p.peer = p.peer + r.peer_suffix;
        }
        if (used) report.push_back("account " + r.from.display() + " is " + r.to.display() + " here");
    }
    return report;
}

}  // namespace keysync
