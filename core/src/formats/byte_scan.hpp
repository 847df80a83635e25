#pragma once
// The first byte of a set in a text, tested 16 bytes at a time (GCC's vector extensions: SSE2
// on x86-64, NEON on arm64, plain code elsewhere): the properties parser and writer look at
// every byte of 20 MiB files, nearly all of them plain.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace keysync {

struct ByteSet {
    std::string_view listed;         // these bytes (a few)
    bool non_ascii = false;          // and every byte >= 0x80
    bool outside_printable = false;  // and every byte outside '!'..'~'

    bool contains(unsigned char c) const {
        return (non_ascii && c >= 0x80) || (outside_printable && (c < '!' || c > '~')) || listed.find(static_cast<char>(c)) != listed.npos;
    }
};

// The position of the first byte from FROM that SET contains; TEXT's size when none does.
inline std::size_t find_first_in(std::string_view text, std::size_t from, const ByteSet& set) {
    using Lanes = unsigned char __attribute__((vector_size(16)));
    for (std::size_t at = from; at < text.size(); at += 16) {
        std::size_t count = std::min<std::size_t>(16, text.size() - at);  // the last block: padded, its padding ignored
        Lanes v{}, marked{};
        if (count == 16) std::memcpy(&v, text.data() + at, 16);  // a fixed size: one load, no call
        else std::memcpy(&v, text.data() + at, count);
        for (char c : set.listed) marked |= reinterpret_cast<Lanes>(v == static_cast<unsigned char>(c));
        if (set.non_ascii) marked |= reinterpret_cast<Lanes>(v >= 0x80);
        if (set.outside_printable) marked |= reinterpret_cast<Lanes>((v < '!') | (v > '~'));
        std::uint64_t half[2];
        std::memcpy(half, &marked, 16);
        for (std::size_t h = 0; h < 2; ++h) {
            if (!half[h]) continue;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            std::size_t first = 8 * h + static_cast<std::size_t>(__builtin_ctzll(half[h])) / 8;
#else
            std::size_t first = 8 * h + static_cast<std::size_t>(__builtin_clzll(half[h])) / 8;
#endif
            return first < count ? at + first : text.size();
        }
    }
    return text.size();
}

}  // namespace keysync
