#include "apps/gnupg_packets.hpp"

#include <array>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "sha1.hpp"

namespace keysync {
namespace {

constexpr unsigned kSecretKey = 5, kSecretSubkey = 7, kUserId = 13, kDsa = 17;

class Cursor {
public:
    Cursor(std::string_view bytes, const std::string& source, std::size_t base)
        : bytes_(bytes), source_(source), base_(base) {}
    [[noreturn]] void fail(const std::string& what) const {
        throw ParseError(source_, 0, fill(tr("at byte {}: {}"), {std::to_string(base_ + pos_), what}));
    }
    bool at_end() const { return pos_ >= bytes_.size(); }
    std::size_t pos() const { return pos_; }
    unsigned byte() {
        if (at_end()) fail(tr("the packet ends early (truncated?)"));
        return static_cast<unsigned char>(bytes_[pos_++]);
    }
    unsigned number(int width) {
        unsigned v = 0;
        for (int i = 0; i < width; ++i) v = v << 8 | byte();
        return v;
    }
    std::string_view take(std::size_t n) {
        if (bytes_.size() - pos_ < n) fail(tr("a length runs past the end of the packet (truncated?)"));
        std::string_view out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    // An OpenPGP MPI: 2-byte bit count, then the bytes.
    std::string_view mpi() {
        unsigned bits = number(2);
        return take((bits + 7) / 8);
    }
    std::string_view rest() { return take(bytes_.size() - pos_); }
    std::string_view all() const { return bytes_; }

private:
    std::string_view bytes_;
    const std::string& source_;
    std::size_t base_, pos_ = 0;
};

std::string hex(const unsigned char* d, std::size_t n) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += {digits[d[i] >> 4], digits[d[i] & 15]};
    return out;
}

GpgSecretKey parse_secret_key(Cursor body) {
    GpgSecretKey key;
    unsigned version = body.byte();
    if (version != 4) body.fail(fill(tr("a version {} key; only version 4 keys are read"), {std::to_string(version)}));

    body.number(4);  // creation time
    key.algorithm = body.byte();
    // Public MPIs per algorithm: RSA n, e; Elgamal p, g, y; DSA p, q, g, y.
    int count = key.algorithm <= 3 ? 2 : key.algorithm == 16 ? 3 : key.algorithm == kDsa ? 4 : 0;
    if (!count) return key;  // unknown: reported by the caller without a key ID
    std::vector<std::string_view> pub;
    for (int i = 0; i < count; ++i) pub.push_back(body.mpi());
    std::size_t public_length = body.pos();
    // The key ID: the low 8 bytes of SHA-1(0x99, 2-byte length, public part) (RFC 4880 12.2).
    std::string hashed = std::string("\x99") + static_cast<char>(public_length >> 8) + static_cast<char>(public_length & 0xff);
    hashed += std::string(body.all().substr(0, public_length));
    const std::array<unsigned char, 20> digest = sha1(hashed.data(), hashed.size());
    key.key_id = hex(digest.data() + 12, 8);
    if (key.algorithm != kDsa) return key;  // reported by the caller, the rest not needed
    auto to_bytes = [](std::string_view v) { return minimal_unsigned(reinterpret_cast<const unsigned char*>(v.data()), v.size()); };
    key.key.p = to_bytes(pub[0]);
    key.key.q = to_bytes(pub[1]);
    key.key.g = to_bytes(pub[2]);
    key.key.y = to_bytes(pub[3]);
    unsigned usage = body.byte();
    if (usage != 0) {
        key.is_protected = true;
        return key;
    }
    std::string_view x = body.mpi();
    key.key.x = minimal_unsigned_secret(reinterpret_cast<const unsigned char*>(x.data()), x.size());
    return key;
}

}  // namespace

std::vector<GpgSecretKey> parse_gnupg_secring(std::string_view bytes, const std::string& source) {
    std::vector<GpgSecretKey> keys;
    std::size_t group = 0;  // the current primary key's index: its user IDs follow it
    Cursor file(bytes, source, 0);
    while (!file.at_end()) {
        std::size_t start = file.pos();
        unsigned header = file.byte();
        if (!(header & 0x80)) file.fail(tr("not an OpenPGP packet header (not a GnuPG keyring?)"));
        unsigned tag;
        std::size_t length;
        if (header & 0x40) {  // new format
            tag = header & 0x3f;
            unsigned first = file.byte();
            if (first < 192) length = first;
            else if (first < 224) length = ((first - 192) << 8) + file.byte() + 192;
            else if (first == 255) length = file.number(4);
            else file.fail(tr("a partial-length packet, which keyrings do not use"));
        } else {  // old format
            tag = (header >> 2) & 0x0f;
            unsigned type = header & 3;
            if (type == 3) file.fail(tr("an indeterminate-length packet, which keyrings do not use"));
            length = file.number(type == 0 ? 1 : type == 1 ? 2 : 4);
        }
        Cursor body(file.take(length), source, start);
        if (tag == kSecretKey) group = keys.size();
        if (tag == kUserId) {
            std::string id(body.rest());
            for (std::size_t i = group; i < keys.size(); ++i) keys[i].user_ids.push_back(id);
        }
        if (tag == kSecretKey || tag == kSecretSubkey) {
            GpgSecretKey key = parse_secret_key(body);
            if (tag == kSecretSubkey && group < keys.size()) key.user_ids = keys[group].user_ids;
            keys.push_back(std::move(key));
        }
    }
    return keys;
}

}  // namespace keysync
