#pragma once
// potr's private key file (Gajim/WeeChat "<account>.key3", Blink "private_key.dsa") and otr.js's
// packPrivate() payload — formats.md 4.1, 5: a 2-byte key type (0 = DSA), then the MPIs
// p, q, g, y, x.
#include <string>
#include <string_view>

#include "keysync/dsa_key.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

// Throws ParseError naming SOURCE and the field ("p", "x", ...) on anything malformed.
DsaKey parse_potr_key(std::string_view bytes, const std::string& source);
SecureString write_potr_key(const DsaKey& key);  // needs x

}  // namespace keysync
