#pragma once
// Pieces the potr-family apps (weechat, gajim, blink) share: key3 files, 5-column .fpr files
// and potr's trust words (formats.md 4).
#include <filesystem>
#include <string>
#include <vector>

#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/key_store.hpp"

namespace keysync {

// Files in DIR whose names end with SUFFIX, sorted.
std::vector<std::filesystem::path> files_ending_with(const std::filesystem::path& dir, const std::string& suffix);

// A key3 file as the account ID names it; a damaged key is kept and noted (see account_writable).
Account read_key3_account(const std::filesystem::path& path, AccountId id, const std::string& app, KeyStore& store);

// Adds an .fpr file's peers (libotr's row parser: potr writes the same 5 columns); rows of
// NATIVE_PROTOCOL get the model's PRPL id.
void read_fpr_peers(const std::filesystem::path& path, const std::string& native_protocol, const std::string& prpl,
                    const std::string& app, KeyStore& store);

// potr knows "", "verified" and "smp"; libotr's other words ("manual") mean verified.
std::string potr_trust_word(const Trust& trust);

}  // namespace keysync
