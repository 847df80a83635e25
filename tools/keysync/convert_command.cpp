#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "keysync/error.hpp"
#include "report.hpp"

namespace keysync::cli {

int run_convert(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--dry-run", "--force"}, {"--password"});
    if (a.has("--help")) {
        std::cout << "usage: keysync convert FROM TO [--dry-run] [--force] [--password PW]\n\n"
                     "Merges the keys and fingerprints of FROM into TO. Nothing in TO is removed,\n"
                     "trust is never lowered, and an account whose private key differs between the\n"
                     "two is reported and left as TO has it. Every replaced file is kept as\n"
                     "<name>.<unix-seconds>.\n\n"
                     "  --dry-run  print what would change and write nothing\n"
                     "  --force    write even while TO's chat client is running\n"
                     "  --password the password of an encrypted ChatSecure keystore (otr_keystore.ofcaes)\n\n"
                     "example: keysync convert pidgin irssi:$HOME/.irssi --dry-run\n";
        return 0;
    }
    if (a.positional.size() != 2) throw UsageError("convert needs FROM and TO");
    Location from = location_argument(a.positional[0], a);
    Location to = location_argument(a.positional[1], a);
    KeyStore source = read_source_location(from);
    KeyStore before = read_location(to);
    MergeResult merged = merge({&before, &source});
    print_conflicts(merged.conflicts, "kept as " + to.text() + " has it");
    LocationUpdate update = plan_update(to, before, store_for_location(merged, before));
    bool dry_run = a.has("--dry-run");
    std::vector<CommittedFile> committed;
    if (!dry_run && !update.changed_files.empty()) {
        check_client_not_running(to, a.has("--force"));
        committed = apply_update(update);
    }
    print_update(update, committed, dry_run);
    return 0;
}

}  // namespace keysync::cli
