#pragma once
// GnuPG 1.x secring.gpg (RFC 4880 packets): the secret (sub)key packets and the user IDs before
// them. Only what KeySync needs; every length is checked against what is left.
#include <string>
#include <string_view>
#include <vector>

#include "keysync/dsa_key.hpp"

namespace keysync {

struct GpgSecretKey {
    std::string key_id;                  // 16 hex digits (the v4 fingerprint's last 8 bytes)
    unsigned algorithm = 0;              // 17 = DSA
    bool is_protected = false;           // encrypted with a passphrase
    DsaKey key;                          // DSA only; x only when unprotected
    std::vector<std::string> user_ids;   // the user IDs of its primary key
};

// Throws ParseError naming SOURCE and the byte offset on a malformed packet.
std::vector<GpgSecretKey> parse_gnupg_secring(std::string_view bytes, const std::string& source);

}  // namespace keysync
