#pragma once
// otr_keystore.ofcaes (formats.md 3.2): exactly `openssl enc -aes-256-cbc -md md5` — "Salted__",
// 8 bytes of salt, AES-256-CBC with key and IV from EVP_BytesToKey(MD5, one round).
#include <string>
#include <string_view>

#include "keysync/secure_memory.hpp"

namespace keysync {

// The encryption a piece at a time, for a keystore encrypted as it is made (a 15 MiB one need
// not be held): header() first, then each piece of plaintext through update(), then finish().
class OfcaesEncryption {
public:
    explicit OfcaesEncryption(const SecureString& password);  // with a fresh random salt
    ~OfcaesEncryption();
    OfcaesEncryption(const OfcaesEncryption&) = delete;
    OfcaesEncryption& operator=(const OfcaesEncryption&) = delete;
    std::string_view header() const;                          // "Salted__" and the salt
    void update(std::string_view plaintext, SecureString& out);  // appends the ciphertext so far
    void finish(SecureString& out);                          // appends the last, padded block

private:
    unsigned char header_[16];
    struct Context;
    Context* context_;
};

// Also accepts the base64-armoured form (`openssl enc -a`), as ChatSecure does. Throws
// ParseError naming SOURCE on a wrong password or a damaged file.
SecureString ofcaes_decrypt(std::string_view file, const SecureString& password, const std::string& source);

}  // namespace keysync
