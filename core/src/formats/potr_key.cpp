#include "keysync/formats/potr_key.hpp"

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "mpi.hpp"

namespace keysync {
namespace {

constexpr std::size_t kMaxMpiBytes = 1024;  // 8192 bits; OTR keys are 1024-bit

class Reader {
public:
    Reader(std::string_view bytes, const std::string& source) : bytes_(bytes), source_(source) {}

    unsigned read_uint(std::size_t width, const char* field) {
        if (bytes_.size() - pos_ < width)
            throw ParseError(source_, 0, fill(tr("the file ends inside {} (truncated?)"), {field}));
        unsigned value = 0;
        for (std::size_t i = 0; i < width; ++i) value = value << 8 | static_cast<unsigned char>(bytes_[pos_++]);
        return value;
    }

    template <typename Buffer>
    Buffer read_mpi(const char* name) {
        // TRANSLATORS: completes "the file ends inside {}" (German: genitive, "der Länge von p").
        std::string field = fill(tr("the length of {}"), {name});
        unsigned length = read_uint(4, field.c_str());
        if (length > kMaxMpiBytes)
            throw ParseError(source_, 0,
                             fill(tr("number {} claims {} bytes; not a DSA key file?"), {name, std::to_string(length)}));
        if (bytes_.size() - pos_ < length)
            throw ParseError(source_, 0, fill(tr("the file ends inside number {} (truncated?)"), {name}));
        const auto* data = reinterpret_cast<const unsigned char*>(bytes_.data() + pos_);
        pos_ += length;
        if (length && data[0] == 0)
            throw ParseError(source_, 0, fill(tr("number {} has a leading zero byte; not potr's encoding"), {name}));
        return Buffer(data, data + length);
    }

    bool at_end() const { return pos_ == bytes_.size(); }

private:
    std::string_view bytes_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

}  // namespace

DsaKey parse_potr_key(std::string_view bytes, const std::string& source) {
    Reader in(bytes, source);
    // TRANSLATORS: completes "the file ends inside {}" (German: genitive, "des Schlüsseltyps").
    unsigned type = in.read_uint(2, tr("the key type"));

    if (type != 0) throw ParseError(source, 0, fill(tr("key type is {}; only 0 (DSA) is an OTR key"), {std::to_string(type)}));

    DsaKey key;
    key.p = in.read_mpi<Bytes>("p");
    key.q = in.read_mpi<Bytes>("q");
    key.g = in.read_mpi<Bytes>("g");
    key.y = in.read_mpi<Bytes>("y");
    key.x = in.read_mpi<SecureBytes>("x");
    if (!in.at_end()) throw ParseError(source, 0, tr("unexpected bytes after x; not a potr key file?"));
    if (std::string problem = key.problem(); !problem.empty()) throw ParseError(source, 0, problem);
    return key;
}

SecureString write_potr_key(const DsaKey& key) {
    SecureString out;
    out.push_back('\0');
    out.push_back('\0');
    for (const Bytes* n : {&key.p, &key.q, &key.g, &key.y}) append_mpi(out, n->data(), n->size());
    append_mpi(out, key.x->data(), key.x->size());
    return out;
}

}  // namespace keysync
