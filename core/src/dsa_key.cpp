#include "keysync/dsa_key.hpp"

#include <algorithm>
#include <memory>

#include <openssl/bn.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"
#include "mpi.hpp"
#include "sha1.hpp"

namespace keysync {
namespace {
struct BnDeleter {
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;
struct CtxDeleter {
    void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};

Bn to_bn(const unsigned char* data, std::size_t size, bool secret = false) {
    Bn bn(secret ? BN_secure_new() : BN_new());
    if (!bn || !BN_bin2bn(data, static_cast<int>(size), bn.get())) throw Error(tr("out of memory (BIGNUM)"));
    if (secret) BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
    return bn;
}
Bn to_bn(const Bytes& b) { return to_bn(b.data(), b.size()); }

std::size_t bit_length(const Bytes& b) {
    if (b.empty()) return 0;
    std::size_t bits = (b.size() - 1) * 8;
    for (unsigned v = b[0]; v; v >>= 1) ++bits;
    return bits;
}

// Compares two minimal unsigned big-endian numbers.
template <typename A, typename B>
bool less_than(const A& a, const B& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

Bytes mod_exp(const Bytes& p, const Bytes& g, const SecureBytes& x) {
    Bn bp = to_bn(p), bg = to_bn(g), bx = to_bn(x.data(), x.size(), true), r(BN_new());
    std::unique_ptr<BN_CTX, CtxDeleter> ctx(BN_CTX_secure_new());
    if (!r || !ctx || BN_is_zero(bp.get()) || !BN_mod_exp(r.get(), bg.get(), bx.get(), bp.get(), ctx.get()))
        throw Error(tr("cannot compute g^x mod p"));
    Bytes out(static_cast<std::size_t>(BN_num_bytes(r.get())));
    BN_bn2bin(r.get(), out.data());
    return out;
}
}  // namespace

Bytes minimal_unsigned(const unsigned char* data, std::size_t size) {
    std::size_t skip = 0;
    while (skip < size && data[skip] == 0) ++skip;
    return Bytes(data + skip, data + size);
}

SecureBytes minimal_unsigned_secret(const unsigned char* data, std::size_t size) {
    std::size_t skip = 0;
    while (skip < size && data[skip] == 0) ++skip;
    return SecureBytes(data + skip, data + size);
}

Bytes compute_public_y(const Bytes& p, const Bytes& g, const SecureBytes& x) { return mod_exp(p, g, x); }

bool DsaKey::private_matches_public() const { return x && mod_exp(p, g, *x) == y; }

Fingerprint DsaKey::fingerprint() const {
    Bytes buffer;
    for (const Bytes* n : {&p, &q, &g, &y}) append_mpi(buffer, n->data(), n->size());
    return Fingerprint(sha1(buffer.data(), buffer.size()));
}

std::string DsaKey::problem() const {
    if (p.empty() || q.empty() || g.empty() || y.empty()) return tr("a public number (p, q, g or y) is missing or zero");
    std::size_t pbits = bit_length(p), qbits = bit_length(q);
    if (qbits != 160) return fill(tr("q is {} bits; OTR needs a 160-bit q"), {std::to_string(qbits)});
    if (pbits < 1024 || pbits > 4096) return fill(tr("p is {} bits; expected 1024 to 4096"), {std::to_string(pbits)});
    if (!(p.back() & 1) || !(q.back() & 1)) return tr("p or q is even, so not a prime");
    if (!less_than(g, p)) return tr("g is not smaller than p");
    if (!less_than(y, p)) return tr("y is not smaller than p");
    if (x) {
        if (x->empty()) return tr("x is zero");
        if (!less_than(*x, q)) return tr("x is not smaller than q");

    }
    return {};
}

}  // namespace keysync
