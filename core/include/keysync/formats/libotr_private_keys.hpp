#pragma once
// libotr's private key file (otr.private_key, otr.key, privkeys) — formats.md 2.1.
#include <string>
#include <string_view>
#include <vector>

#include "keysync/dsa_key.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

struct LibotrPrivateKey {
    std::string account;   // exactly as in the file's (name ...)
    std::string protocol;  // exactly as in the file's (protocol ...)
    DsaKey key;
    std::size_t line = 0;
};

// Reads every account; throws ParseError (SOURCE:LINE) on anything libotr would reject, and on
// keys that are unusable (bad sizes, y != g^x mod p) or accounts listed twice.
std::vector<LibotrPrivateKey> parse_libotr_private_keys(std::string_view text, const std::string& source);

// The exact bytes libotr writes for these keys, in this order.
SecureString write_libotr_private_keys(const std::vector<const LibotrPrivateKey*>& keys);

}  // namespace keysync
