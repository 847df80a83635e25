#pragma once
// The 20-byte OTR fingerprint (formats.md 1.3) and its text forms.
#include <array>
#include <compare>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace keysync {

class Fingerprint {
public:
    Fingerprint() = default;
    explicit Fingerprint(const std::array<unsigned char, 20>& bytes) : bytes_(bytes) {}

    // Accepts 40 hex digits in either case, with or without spaces (human form).
    static std::optional<Fingerprint> parse(std::string_view text);
    // 40 hex digits, letters in upper case only (as otr4j looks its keys up).
    static std::optional<Fingerprint> parse_upper(std::string_view text);

    std::string hex() const;        // 40 lowercase (libotr/potr files, JSON)
    void write_hex(char* out) const;  // the same into OUT[0..39], for writers of 100k rows
    std::string hex_upper() const;  // 40 uppercase (otr4j)
    void write_hex_upper(char* out) const;
    std::string human() const;      // "XXXXXXXX XXXXXXXX ..." (libotr human form)
    const std::array<unsigned char, 20>& bytes() const { return bytes_; }

    // Compared as bytes at once (sorts and indexes of 100k compare them millions of times).
    std::strong_ordering operator<=>(const Fingerprint& o) const {
        int c = std::memcmp(bytes_.data(), o.bytes_.data(), bytes_.size());
        return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
    }
    bool operator==(const Fingerprint& o) const { return std::memcmp(bytes_.data(), o.bytes_.data(), bytes_.size()) == 0; }

private:
    static std::optional<Fingerprint> parse_forty(std::string_view text, bool upper_only);  // 40 digits only
    std::array<unsigned char, 20> bytes_{};
};

}  // namespace keysync
