#pragma once
// The first byte of a set in a text, tested 16 bytes at a time (GCC's vector extensions: SSE2
// on x86-64, NEON on arm64, plain code elsewhere): the properties parser and writer look at
// every byte of 20 MiB files, nearly all of them plain.
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
    std::size_t at = from;
    for (; at + 16 <= text.size(); at += 16) {
        Lanes v, marked{};
        std::memcpy(&v, text.data() + at, 16);
        for (char c : set.listed) marked |= reinterpret_cast<Lanes>(v == static_cast<unsigned char>(c));
        if (set.non_ascii) marked |= reinterpret_cast<Lanes>(v >= 0x80);
        if (set.outside_printable) marked |= reinterpret_cast<Lanes>((v < '!') | (v > '~'));
        std::uint64_t half[2];
        std::memcpy(half, &marked, 16);
        for (int h = 0; h < 2; ++h) {
            if (!half[h]) continue;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return at + 8 * static_cast<std::size_t>(h) + static_cast<std::size_t>(__builtin_ctzll(half[h])) / 8;
#else
            return at + 8 * static_cast<std::size_t>(h) + static_cast<std::size_t>(__builtin_clzll(half[h])) / 8;
#endif
        }
    }
    for (; at < text.size(); ++at)
        if (set.contains(static_cast<unsigned char>(text[at]))) return at;
    return text.size();
}

}  // namespace keysync
