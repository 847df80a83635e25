#pragma once
// Standard base64 (RFC 4648, with padding) through OpenSSL's EVP encoder.
#include <optional>
#include <string_view>

#include "keysync/secure_memory.hpp"

namespace keysync {

SecureString base64_encode(const unsigned char* data, std::size_t size);  // one line, no breaks
// Whitespace inside TEXT is ignored; nullopt when it is not valid base64.
std::optional<SecureBytes> base64_decode(std::string_view text);

}  // namespace keysync
