#include <iostream>

#include "arguments.hpp"
#include "keysync/i18n.hpp"
#include "commands.hpp"
#include "json.hpp"
#include "keysync/error.hpp"
#include "keysync/location_update.hpp"
#include "report.hpp"

namespace keysync::cli {
namespace {

std::string account_name(const AccountId& id) { return id.name_with_resource(); }

void print_json(const Location& location, const KeyStore& store) {
    std::cout << "{\"app\":" << json_string(location.app->name()) << ",\"location\":" << json_string(location.dir.string())
              << ",\"accounts\":[";
    for (std::size_t i = 0; i < store.accounts.size(); ++i) {
        const Account& a = store.accounts[i];
        std::cout << (i ? "," : "") << "{\"name\":" << json_string(account_name(a.id))
                  << ",\"protocol\":" << json_string(a.id.protocol) << ",\"fingerprint\":\"" << a.key.fingerprint().hex()
                  << "\",\"private_key\":" << (a.key.has_private() ? "true" : "false") << "}";
    }
    std::cout << "],\"peers\":[";
    for (std::size_t i = 0; i < store.peers.size(); ++i) {
        const PeerFingerprint& p = store.peers[i];
        std::cout << (i ? "," : "") << "{\"name\":" << json_string(p.peer) << ",\"account\":"
                  << json_string(account_name(p.account)) << ",\"protocol\":" << json_string(p.account.protocol)
                  << ",\"fingerprint\":\"" << p.fingerprint.hex() << "\",\"trust\":\"" << to_string(p.trust.level) << "\"}";
    }
    std::cout << "]}\n";
}

void print_text(const Location& location, const KeyStore& store) {
    std::cout << location.text() << "\n"
              << fill(trn("{} account:", "{} accounts:", store.accounts.size()), {std::to_string(store.accounts.size())}) << "\n";
    for (const Account& a : store.accounts)
        std::cout << "  " << account_name(a.id) << " (" << a.id.protocol << ")  " << a.key.fingerprint().human()
                  << (a.key.has_private() ? "" : std::string("  ") + tr("[public key only]")) << "\n";
    std::cout << fill(trn("{} peer fingerprint:", "{} peer fingerprints:", store.peers.size()), {std::to_string(store.peers.size())}) << "\n";
    for (const PeerFingerprint& p : store.peers)
        std::cout << "  " << p.peer << "  " << p.fingerprint.human() << "  " << trust_label(p.trust.level) << "  "
                  << fill(tr("(account {}, {})"), {p.account.is_any() ? tr("any") : account_name(p.account), p.account.protocol})
                  << "\n";

    for (const std::string& note : store.notes) std::cout << fill(tr("note: {}"), {note}) << "\n";
}

}  // namespace

int run_list(const std::vector<std::string>& args) {
    Arguments a = parse_arguments(args, {"--help", "--json"}, {"--password"});
    if (a.has("--help")) {
        std::cout << tr("usage: keysync list LOCATION [--json] [--password PW]\n\n"
                     "Shows the local accounts (with their key fingerprints) and the known peer\n"
                     "fingerprints with their trust. LOCATION is APP or APP:DIR (see `keysync apps`).\n"
                     "--json prints one JSON object instead. --password opens an encrypted ChatSecure\n"
                     "keystore (otr_keystore.ofcaes).\n\nexample: keysync list pidgin:$HOME/.purple --json\n");
        return 0;
    }
    if (a.positional.size() != 1) throw UsageError(tr("list needs exactly one LOCATION"));
    Location location = location_argument(a.positional[0], a);
    KeyStore store = read_source_location(location);
    if (a.has("--json"))
        print_json(location, store);
    else
        print_text(location, store);
    return 0;
}

}  // namespace keysync::cli
