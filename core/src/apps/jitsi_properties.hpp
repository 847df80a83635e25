#pragma once
// Jitsi's sip-communicator.properties (formats.md 3.4): the names of its OTR properties, the
// accounts it names, and reading its OTR store (jitsi_read.cpp); jitsi.cpp writes it.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "formats/contact_fingerprints.hpp"
#include "keysync/formats/java_properties.hpp"
#include "keysync/key_store.hpp"

namespace keysync::jitsi {

inline const std::string kOtr = "net.java.sip.communicator.plugin.otr.";
inline constexpr char kFile[] = "sip-communicator.properties";
inline const std::string kPrivate = "_privateKey", kPublic = "_publicKey", kPublicVerified = "_publicKey_verified",
                         kFingerprints = "_fingerprints", kFingerprintVerified = "_fingerprint_verified";

inline bool ends_with(std::string_view s, std::string_view suffix) {
    // The last byte first: most of 150k keys are told from the other suffixes by it, without a memcmp.
    return s.size() > suffix.size() && s.back() == suffix.back() && s.substr(s.size() - suffix.size()) == suffix;
}
inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

struct JitsiAccount {
    std::string uid;  // "Jabber:gptest@jabber.org@jabber.org"
    AccountId id;     // {prpl-jabber, gptest@jabber.org}
};

// The accounts the properties name (ACCOUNT_UID), in their order.
std::vector<JitsiAccount> jitsi_accounts(const std::vector<PropertyView>& props);
// An OTR property KeySync writes (a key, a fingerprint list or a verified mark).
bool is_key_property(std::string_view key);

// The model of the parsed properties; the contacts only WITH_CONTACTS (a writer needs only
// the accounts, and a store of 100k fingerprints need not be parsed twice), with FOUND's
// (the records a reader took as it read the file).
// PARSED's views are let go of once the contacts' fingerprints are collected.
KeyStore read_properties(ParsedProperties& parsed, const std::filesystem::path& dir, bool with_contacts, ContactFingerprints found = {});
// What the folder's file holds (a file in key order a piece at a time, any other whole).
KeyStore read_jitsi(const std::filesystem::path& dir);

}  // namespace keysync::jitsi
