#pragma once
// otr_keystore.ofcaes (formats.md 3.2): exactly `openssl enc -aes-256-cbc -md md5` — "Salted__",
// 8 bytes of salt, AES-256-CBC with key and IV from EVP_BytesToKey(MD5, one round).
#include <string>
#include <string_view>

#include "keysync/secure_memory.hpp"

namespace keysync {

// TEXT is taken and encrypted in place (reserve 32 bytes more than it holds to spare a copy).
SecureString ofcaes_encrypt(SecureString text, const SecureString& password);
// Also accepts the base64-armoured form (`openssl enc -a`), as ChatSecure does. Throws
// ParseError naming SOURCE on a wrong password or a damaged file.
SecureString ofcaes_decrypt(std::string_view file, const SecureString& password, const std::string& source);

}  // namespace keysync
