#include "sync_run.hpp"

#include <algorithm>
#include <iostream>

#include "keysync/account_map.hpp"
#include "report.hpp"

namespace keysync::cli {

void run_and_print(std::vector<SideInput> inputs, const Arguments& args) {
    std::vector<AccountMapping> mappings = read_account_map_file(home_dir() / ".config/keysync/accounts.map");
    auto it = args.options.find("--map");
    if (it != args.options.end())
        for (const std::string& m : it->second) mappings.push_back(parse_account_mapping(m, "--map"));
    std::vector<AccountId> ids;  // each once: a store of 100k fingerprints names only a few accounts
    auto note = [&](const AccountId& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    for (const SideInput& in : inputs) {
        for (const Account& a : in.store.accounts) note(a.id);
        for (const PeerFingerprint& p : in.store.peers) note(p.account);
    }
    std::vector<SyncSide> sides;
    for (SideInput& in : inputs) {
        auto renames = renames_for(in.location.app->name(), mappings, ids);
        sides.push_back({in.location, std::move(in.store), std::move(renames), in.write, false});
    }
    SyncReport report = sync_sides(std::move(sides), {!args.has("--dry-run"), args.has("--force"), args.option("--prefer")});
    for (const std::string& line : report.lines) std::cout << line << "\n";
}

}  // namespace keysync::cli
