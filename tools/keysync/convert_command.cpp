#include <iostream>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "sync_run.hpp"
#include "report.hpp"

namespace keysync::cli {

int run_convert(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--dry-run", "--force"}, {"--password", "--map"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync convert FROM TO [--dry-run] [--force] [--password PW]\n\n"
                     "Merges the keys and fingerprints of FROM into TO. Nothing in TO is removed,\n"
                     "trust is never lowered, and an account whose private key differs between the\n"
                     "two is reported and left as TO has it. Every replaced file is kept as\n"
                     "<name>.<unix-seconds>.\n\n"
                     "  --dry-run  print what would change and write nothing\n"
                     "  --force    write even while TO's chat client is running\n"
                     "  --password the password of an encrypted ChatSecure keystore (otr_keystore.ofcaes)\n"
                     "  --map APP:NAME=SHARED   APP's account NAME is the account the other app calls SHARED\n"
                     "             (see keysync sync --help)\n\n"
                     "example: keysync convert pidgin irssi:$HOME/.irssi --dry-run\n");
        return 0;
    }
    if (a.positional.size() != 2) throw UsageError(tr("convert needs FROM and TO"));
    Location from = location_argument(a.positional[0], a);
    Location to = location_argument(a.positional[1], a);
    std::vector<SideInput> inputs;
    inputs.push_back({to, [to] { return read_location(to); }, true});
    inputs.push_back({from, [from] { return read_source_location(from); }, false});
    run_and_print(std::move(inputs), a);
    return 0;
}

}  // namespace keysync::cli
