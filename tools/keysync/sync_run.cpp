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
    std::vector<SyncSide> sides;
    if (mappings.empty()) {  // nothing to rename: each location is read when the sync comes to it, let go of once merged
        for (SideInput& in : inputs) sides.push_back({in.location, {}, {}, in.write, false, std::move(in.read)});
    } else {  // the renames depend on every account the locations name: all are read first
        std::vector<KeyStore> stores;
        std::vector<AccountId> ids;  // each once: a store of 100k fingerprints names only a few accounts
        auto note = [&](const AccountId& id) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        };
        for (SideInput& in : inputs) {
            stores.push_back(in.read());
            for (const Account& a : stores.back().accounts) note(a.id);
            for (const PeerFingerprint& p : stores.back().peers) note(p.account);
        }
        for (std::size_t i = 0; i < inputs.size(); ++i)
            sides.push_back({inputs[i].location, std::move(stores[i]), renames_for(inputs[i].location.app->name(), mappings, ids),
                             inputs[i].write, false, nullptr});
    }
    SyncReport report = sync_sides(std::move(sides), {!args.has("--dry-run"), args.has("--force"), args.option("--prefer")});
    for (const std::string& line : report.lines) std::cout << line << "\n";
}

}  // namespace keysync::cli
