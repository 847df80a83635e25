#include "keysync/fingerprint.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace keysync {
namespace {
// A digit's value, -1 for any other byte; by table, since every row of a 100k-row file has 40.
int hex_value(char c) {
    static const auto kValues = [] {
        std::array<signed char, 256> values{};
        values.fill(-1);
        for (int d = 0; d < 10; ++d) values[static_cast<std::size_t>('0' + d)] = static_cast<signed char>(d);
        for (int d = 0; d < 6; ++d)
            values[static_cast<std::size_t>('a' + d)] = values[static_cast<std::size_t>('A' + d)] = static_cast<signed char>(10 + d);
        return values;
    }();
    return kValues[static_cast<unsigned char>(c)];
}
// BYTES as 40 hex digits at OUT, letters from 'a' (or 'A' when UPPER). Four bytes at a time in
// a 64-bit word, eight digits stored at once: a sync of 100k writes 300k fingerprints or more
// (ChatSecure's in both cases), and a digit at a time was 4% of its CPU.
void write_digits(const std::array<unsigned char, 20>& bytes, bool upper, char* out) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    const std::uint64_t letter_step = upper ? 'A' - '0' - 10 : 'a' - '0' - 10;  // (times each flag byte)
    for (std::size_t i = 0; i < 20; i += 4, out += 8) {
        std::uint32_t four;
        std::memcpy(&four, bytes.data() + i, 4);
        if constexpr (std::endian::native == std::endian::big) four = __builtin_bswap32(four);  // the first byte low
        std::uint64_t x = four;
        x = (x | x << 16) & 0x0000FFFF0000FFFFull;  // bytes 0 1 2 3 -> 0 1 _ _ 2 3 _ _
        x = (x | x << 8) & 0x00FF00FF00FF00FFull;   // -> 0 _ 1 _ 2 _ 3 _
        // Each byte's high nibble first, its low one in the byte after it.
        const std::uint64_t nibbles = (x >> 4 & 0x000F000F000F000Full) | (x & 0x000F000F000F000Full) << 8;
        // A nibble of 10 or more has 16 or more when 6 is added (no byte carries: all are below 16).
        const std::uint64_t letters = (nibbles + kOnes * 6) >> 4 & kOnes;
        std::uint64_t text = nibbles + kOnes * '0' + letters * letter_step;
        if constexpr (std::endian::native == std::endian::big) text = __builtin_bswap64(text);
        std::memcpy(out, &text, 8);
    }
}
// Eight hex digits (TEXT[0..7]) as the four bytes they spell, first in the low byte, or
// kNotFourBytes when one is no digit. All eight at once in a 64-bit word (the digits of 100k-row
// files' fingerprints): each byte is range-checked by adding to it so that its top bit tells (no
// byte carries into the next one while all are ASCII).
// With UPPER_ONLY, a lower-case letter is no digit either.
constexpr std::uint64_t kNotFourBytes = ~std::uint64_t{0};
[[gnu::always_inline]] inline std::uint64_t eight_hex_digits(const char* text, bool upper_only) {  // (five calls a row)
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kTops = 0x8080808080808080ull;
    auto in_range = [](std::uint64_t x, unsigned char lo, unsigned char hi) {  // top bit of each byte in [LO, HI]
        std::uint64_t at_least = x + kOnes * (0x80u - lo), above = x + kOnes * (0x7Fu - hi);
        return at_least & ~above & kTops;
    };
    std::uint64_t x;
    std::memcpy(&x, text, 8);
    if constexpr (std::endian::native == std::endian::big) x = __builtin_bswap64(x);  // first digit in the low byte
    const std::uint64_t digit = in_range(x, '0', '9'), letter = upper_only ? in_range(x, 'A', 'F') : in_range(x | kOnes * 0x20u, 'a', 'f');
    if ((x & kTops) || (digit | letter) != kTops) return kNotFourBytes;
    const std::uint64_t nibbles = (x & kOnes * 0x0Fu) + (letter >> 7) * 9;  // 'a' and 'A' are 1 in their low nibble
    std::uint64_t pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF00FF00FF00FFull;  // each byte in an even byte
    pairs = (pairs | pairs >> 8) & 0x0000FFFF0000FFFFull;
    return (pairs | pairs >> 16) & 0xFFFFFFFFull;
}
std::string to_hex(const std::array<unsigned char, 20>& bytes, bool upper) {
    std::string out(40, '\0');  // written in place: writers make one for each of 100k entries
    write_digits(bytes, upper, out.data());
    return out;
}
}  // namespace

// The files' form (no spaces), in 100k-row files: eight digits at a time.
std::optional<Fingerprint> Fingerprint::parse_forty(std::string_view text, bool upper_only) {
    if (text.size() != 40) return std::nullopt;
    // Five words in registers, checked at once (kept in an array, they went through memory).
    const char* t = text.data();
    const std::uint64_t w0 = eight_hex_digits(t, upper_only), w1 = eight_hex_digits(t + 8, upper_only),
                        w2 = eight_hex_digits(t + 16, upper_only), w3 = eight_hex_digits(t + 24, upper_only),
                        w4 = eight_hex_digits(t + 32, upper_only);
    if ((w0 | w1 | w2 | w3 | w4) >> 32) return std::nullopt;  // kNotFourBytes
    std::uint64_t low = w0 | w1 << 32, high = w2 | w3 << 32;
    auto four = static_cast<std::uint32_t>(w4);
    if constexpr (std::endian::native == std::endian::big)
        low = __builtin_bswap64(low), high = __builtin_bswap64(high), four = __builtin_bswap32(four);
    std::array<unsigned char, 20> bytes;
#ifdef __SSE2__
    // The first 16 bytes in one store: the 16-byte load that copies them out waited for
    // smaller stores to reach the cache, a third of the time this took.
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bytes.data()), _mm_set_epi64x(static_cast<long long>(high), static_cast<long long>(low)));
#else
    std::memcpy(bytes.data(), &low, 8);
    std::memcpy(bytes.data() + 8, &high, 8);
#endif
    std::memcpy(bytes.data() + 16, &four, 4);
    return Fingerprint(bytes);
}

std::optional<Fingerprint> Fingerprint::parse_upper(std::string_view text) { return parse_forty(text, true); }

std::optional<Fingerprint> Fingerprint::parse(std::string_view text) {
    if (text.size() == 40) return parse_forty(text, false);
    std::array<unsigned char, 20> bytes{};
    std::size_t nibbles = 0;
    for (char c : text) {
        if (c == ' ') continue;
        int v = hex_value(c);
        if (v < 0 || nibbles >= 40) return std::nullopt;
        bytes[nibbles / 2] = static_cast<unsigned char>(bytes[nibbles / 2] | (nibbles % 2 ? v : v << 4));
        ++nibbles;
    }
    if (nibbles != 40) return std::nullopt;
    return Fingerprint(bytes);
}

std::string Fingerprint::hex() const { return to_hex(bytes_, false); }

void Fingerprint::write_hex(char* out) const { write_digits(bytes_, false, out); }
void Fingerprint::write_hex_upper(char* out) const { write_digits(bytes_, true, out); }
std::string Fingerprint::hex_upper() const { return to_hex(bytes_, true); }

std::string Fingerprint::human() const {
    std::string upper = hex_upper(), out;
    for (std::size_t i = 0; i < 40; i += 8) {
        if (i) out += ' ';
        out += upper.substr(i, 8);
    }
    return out;
}

}  // namespace keysync
