#include "keysync/account_renames.hpp"

namespace keysync {

std::vector<std::string> apply_account_renames(KeyStore& store, const std::vector<AccountRename>& renames) {
    std::vector<std::string> report;
    for (const AccountRename& r : renames) {
        bool used = false;
        for (Account& a : store.accounts)
            if (a.id == r.from) a.id = r.to, used = true;
        for (PeerFingerprint& p : store.peers)
            if (p.account == r.from) p.account = r.to, used = true;
        if (used) report.push_back("account " + r.from.display() + " is " + r.to.display() + " here");
    }
    return report;
}

}  // namespace keysync
