#pragma once
// For the libotr-family apps (pidgin, irssi, xchat, hexchat, kopete, adium): turn key and
// fingerprint records named as that app names them (its files, or its running client's libotr
// state) into the model, with the app's own account naming.
#include <filesystem>
#include <string>
#include <vector>

#include "keysync/app.hpp"
#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"

namespace keysync {

bool is_libotr_family(const App& app);

// Throws Error when APP is not of the libotr family. DIR is the app's home (for accounts.xml /
// Accounts.plist); SOURCE names where the records came from.
KeyStore libotr_records_to_store(const App& app, const std::filesystem::path& dir, std::vector<LibotrPrivateKey> keys,
                                 const std::vector<FingerprintRow>& rows, const std::string& source);

}  // namespace keysync
