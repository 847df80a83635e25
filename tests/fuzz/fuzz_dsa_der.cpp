// DSA keys in DER (otr4j's, in Jitsi and ChatSecure files): the first byte chooses a public
// (SubjectPublicKeyInfo) or private (PKCS#8) key. A key that reads must write and read back as
// the same key.
#include <cstdlib>

#include "keysync/formats/dsa_der.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool is_private = data[0] & 1;
    try {
        keysync::DsaKey key = is_private ? keysync::parse_dsa_pkcs8(data + 1, size - 1, "fuzz")
                                         : keysync::parse_dsa_spki(data + 1, size - 1, "fuzz");
        keysync::DsaKey again;
        if (is_private) {
            keysync::SecureBytes der = keysync::write_dsa_pkcs8(key);
            again = keysync::parse_dsa_pkcs8(der.data(), der.size(), "again");
        } else {
            keysync::Bytes der = keysync::write_dsa_spki(key);
            again = keysync::parse_dsa_spki(der.data(), der.size(), "again");
        }
        if (!again.same_public(key) || again.x != key.x) std::abort();
    } catch (const keysync::Error&) {
    }
    return 0;
}
