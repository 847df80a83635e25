#pragma once
// DSA keys as Java's getEncoded() writes them (formats.md 1.4): X.509 SubjectPublicKeyInfo for
// the public key, unencrypted PKCS#8 PrivateKeyInfo for the private key. OpenSSL does the DER.
#include <string>

#include "keysync/dsa_key.hpp"

namespace keysync {

// Throw ParseError naming SOURCE when DER is not a DSA key of that kind.
DsaKey parse_dsa_spki(const unsigned char* der, std::size_t size, const std::string& source);
DsaKey parse_dsa_pkcs8(const unsigned char* der, std::size_t size, const std::string& source);  // y derived

Bytes write_dsa_spki(const DsaKey& key);
SecureBytes write_dsa_pkcs8(const DsaKey& key);  // needs x

}  // namespace keysync
