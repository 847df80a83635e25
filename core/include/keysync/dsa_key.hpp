#pragma once
// An OTR DSA key: public p, q, g, y and optionally the secret x (formats.md 1.1).
// Numbers are unsigned big-endian byte strings with no leading zero bytes.
#include <optional>
#include <string>
#include <vector>

#include "keysync/fingerprint.hpp"
#include "keysync/secure_memory.hpp"

namespace keysync {

using Bytes = std::vector<unsigned char>;

struct DsaKey {
    Bytes p, q, g, y;
    std::optional<SecureBytes> x;

    bool has_private() const { return x.has_value(); }
    Fingerprint fingerprint() const;

    // Empty when the numbers have the shape of an OTR key; otherwise what is wrong ("q is 256
    // bits; OTR needs a 160-bit q", "x is not smaller than q", ...).
    std::string problem() const;
    // With x: whether y == g^x mod p. A hand-edited key can fail this and still have a valid
    // public part (the fixtures' Bonjour key does); such a key is read but never written.
    bool private_matches_public() const;

    // Same public part (the fingerprint identifies it).
    bool same_public(const DsaKey& other) const {
        return p == other.p && q == other.q && g == other.g && y == other.y;
    }
};

// Strip leading zero bytes (the signed/DER forms carry one when the top bit is set).
Bytes minimal_unsigned(const unsigned char* data, std::size_t size);
inline Bytes minimal_unsigned(const Bytes& b) { return minimal_unsigned(b.data(), b.size()); }
SecureBytes minimal_unsigned_secret(const unsigned char* data, std::size_t size);

// y = g^x mod p, used by formats that store only x (PKCS#8).
Bytes compute_public_y(const Bytes& p, const Bytes& g, const SecureBytes& x);

}  // namespace keysync
