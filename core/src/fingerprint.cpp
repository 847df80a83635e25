#include "keysync/fingerprint.hpp"

#include <array>

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
void write_digits(const std::array<unsigned char, 20>& bytes, const char* digits, char* out) {
    for (unsigned char b : bytes) {
        *out++ = digits[b >> 4];
        *out++ = digits[b & 15];
    }
}
std::string to_hex(const std::array<unsigned char, 20>& bytes, const char* digits) {
    std::string out(40, '\0');  // written in place: writers make one for each of 100k entries
    write_digits(bytes, digits, out.data());
    return out;
}
}  // namespace

std::optional<Fingerprint> Fingerprint::parse(std::string_view text) {
    std::array<unsigned char, 20> bytes{};
    if (text.size() == 40) {  // the files' form (no spaces): two digits a byte, for 100k-row files
        for (std::size_t i = 0; i < 20; ++i) {
            int high = hex_value(text[2 * i]), low = hex_value(text[2 * i + 1]);
            if (high < 0 || low < 0) return std::nullopt;
            bytes[i] = static_cast<unsigned char>(high << 4 | low);
        }
        return Fingerprint(bytes);
    }
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

std::string Fingerprint::hex() const { return to_hex(bytes_, "0123456789abcdef"); }

void Fingerprint::write_hex(char* out) const { write_digits(bytes_, "0123456789abcdef", out); }
void Fingerprint::write_hex_upper(char* out) const { write_digits(bytes_, "0123456789ABCDEF", out); }
std::string Fingerprint::hex_upper() const { return to_hex(bytes_, "0123456789ABCDEF"); }

std::string Fingerprint::human() const {
    std::string upper = hex_upper(), out;
    for (std::size_t i = 0; i < 40; i += 8) {
        if (i) out += ' ';
        out += upper.substr(i, 8);
    }
    return out;
}

}  // namespace keysync
