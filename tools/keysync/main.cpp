// keysync: the command line (DESIGN.md §7).
#include <clocale>
#include <iostream>
#include <map>

#include "arguments.hpp"
#include "commands.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "report.hpp"

namespace {

using keysync::fill;
using keysync::tr;

using Command = int (*)(const std::vector<std::string>&);

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table{
        {"apps", keysync::cli::run_apps},
        {"list", keysync::cli::run_list},
        {"convert", keysync::cli::run_convert},
        {"doctor", keysync::cli::run_doctor},
        {"sync", keysync::cli::run_sync},
        {"restore", keysync::cli::run_restore},
        {"export-chatsecure", keysync::cli::run_export_chatsecure},
        {"import-chatsecure", keysync::cli::run_import_chatsecure},
    };
    return table;
}

void print_help(std::ostream& out) {
    out << tr("usage: keysync COMMAND [ARGS]\n\n"
           "Carries OTR identities (private keys) and verified fingerprints between chat apps.\n\n"
           "commands:\n"
           "  apps                          supported apps, default folders, which are present\n"
           "  list LOCATION [--json]        accounts (fingerprint) and peers (trust)\n"
           "  convert FROM TO [--dry-run] [--force]\n"
           "                                merge FROM into TO\n"
           "  sync LOC LOC... [--dry-run] [--prefer APP] [--force] [--map APP:NAME=SHARED]\n"
           "                                merge all, write back to all\n"
           "  restore LOCATION [--list] [--at STAMP]\n"
           "                                put back the files KeySync replaced\n"
           "  export-chatsecure LOC... [--output FILE] [--qr FILE.png] [--no-push] [--show-password]\n"
           "                                encrypted keystore + QR code for ChatSecure on Android\n"
           "  import-chatsecure FILE --password PW --to LOCATION\n"
           "                                merge a ChatSecure export into LOCATION\n"
           "  doctor [LOCATION...]          audit every app found, with fixes\n\n"
           "A LOCATION is APP (the app's default folder) or APP:DIR.\n"
           "`keysync COMMAND --help` describes each command.\n"
           "exit status: 0 success, 1 error (the message names the file), 2 usage error\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::setlocale(LC_ALL, "");  // messages in the user's language (keysync::tr)
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help(args.empty() ? std::cerr : std::cout);
        return args.empty() ? 2 : 0;
    }
    auto it = commands().find(args[0]);
    if (it == commands().end()) {
        std::cerr << fill(tr("keysync: unknown command \"{}\""), {args[0]}) << "\n";
        print_help(std::cerr);
        return 2;
    }
    try {
        return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const keysync::cli::UsageError& e) {
        std::cerr << "keysync " << args[0] << ": " << fill(tr("{} (see keysync {} --help)"), {e.what(), args[0]}) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "keysync: " << e.what() << "\n";
        return 1;
    }
}
