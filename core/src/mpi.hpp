#pragma once
// OTR MPI encoding (formats.md 1.2): 4-byte big-endian length, then minimal big-endian bytes.
#include <cstddef>
#include <vector>

namespace keysync {

template <typename Buffer>
void append_mpi(Buffer& out, const unsigned char* data, std::size_t size) {
    while (size && *data == 0) ++data, --size;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(size >> shift));
    out.insert(out.end(), data, data + size);
}

}  // namespace keysync
