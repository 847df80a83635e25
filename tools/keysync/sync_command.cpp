#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "keysync/location_update.hpp"
#include "report.hpp"
#include "sync_run.hpp"
#include "keysync/i18n.hpp"

namespace keysync::cli {

int run_sync(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--dry-run", "--force"}, {"--prefer", "--map", "--password"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync sync LOCATION LOCATION... [--dry-run] [--prefer APP] [--force]\n"
                     "                    [--map APP:NAME=SHARED]...\n\n"
                     "Reads every location, merges them and writes the result back to each, as far as\n"
                     "each app can hold it: every key and every fingerprint everywhere, trust never\n"
                     "lowered (verified or SMP anywhere means verified everywhere). A location whose\n"
                     "folder does not exist yet is created. Every replaced file is kept as\n"
                     "<name>.<unix-seconds> (see keysync restore).\n\n"
                     "An account with different private keys in two apps is a conflict: it is shown with\n"
                     "both fingerprints and written nowhere until you choose:\n"
                     "  --prefer APP   that app's key wins; the others are replaced (and backed up)\n\n"
                     "Apps name some accounts differently (irssi: the network tag \"libera\"; Pidgin:\n"
                     "\"alice@irc.libera.chat\"). KeySync never guesses; say it:\n"
                     "  --map APP:NAME=SHARED   APP's account NAME is the one the others call SHARED,\n"
                     "                          e.g. --map irssi:libera=alice@irc.libera.chat\n"
                     "or put such lines (APP:NAME = SHARED, '#' comments) in ~/.config/keysync/accounts.map.\n\n"
                     "  --dry-run  print what would change in each location; write nothing\n"
                     "  --force    write even while a location's chat client is running\n\n"
                     "example: keysync sync pidgin irssi gajim --dry-run\n");
        return 0;
    }
    if (a.positional.size() < 2) throw UsageError(tr("sync needs at least two locations"));
    std::vector<SideInput> inputs;
    for (const std::string& spec : a.positional) {
        Location location = location_argument(spec, a);
        inputs.push_back({location, [location] { return read_location(location); }, location.app->writable()});
    }
    run_and_print(std::move(inputs), a);
    return 0;
}

}  // namespace keysync::cli
