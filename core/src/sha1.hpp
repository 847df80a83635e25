#pragma once
// SHA-1 of public data (OTR fingerprints, OpenPGP key IDs) through GLib's GChecksum, not
// OpenSSL's EVP: OpenSSL 3 loads its providers at a process's first EVP digest, which cost
// 2.2 MiB of memory and 4 ms (measured in a program doing one SHA-1) for a sync whose only
// digests are its accounts' ten fingerprints.
#include <array>
#include <cstddef>

namespace keysync {

std::array<unsigned char, 20> sha1(const void* data, std::size_t size);

}  // namespace keysync
