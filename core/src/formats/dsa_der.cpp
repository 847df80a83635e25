#include "keysync/formats/dsa_der.hpp"

#include <memory>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

struct Free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

template <typename Buffer>
Buffer number(const EVP_PKEY* key, const char* name, const std::string& source) {
    BIGNUM* raw = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &raw)) throw ParseError(source, 0, fill(tr("the DSA key has no {}"), {name}));

    Owned<BIGNUM> bn(raw);
    Buffer out(static_cast<std::size_t>(BN_num_bytes(bn.get())));
    BN_bn2bin(bn.get(), out.data());
    return out;
}

DsaKey to_key(const EVP_PKEY* pkey, bool with_private, const std::string& source) {
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_DSA) throw ParseError(source, 0, tr("not a DSA key (OTR keys are DSA)"));
    DsaKey key;
    key.p = number<Bytes>(pkey, OSSL_PKEY_PARAM_FFC_P, source);
    key.q = number<Bytes>(pkey, OSSL_PKEY_PARAM_FFC_Q, source);
    key.g = number<Bytes>(pkey, OSSL_PKEY_PARAM_FFC_G, source);
    if (with_private) {
        key.x = number<SecureBytes>(pkey, OSSL_PKEY_PARAM_PRIV_KEY, source);
        key.y = compute_public_y(key.p, key.g, *key.x);  // PKCS#8 holds no y (formats.md 1.4)
    } else {
        key.y = number<Bytes>(pkey, OSSL_PKEY_PARAM_PUB_KEY, source);
    }
    if (std::string problem = key.problem(); !problem.empty()) throw ParseError(source, 0, problem);
    return key;
}

Owned<EVP_PKEY> from_key(const DsaKey& key, bool with_private) {
    Owned<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
    auto bn = [](const unsigned char* d, std::size_t n) { return Owned<BIGNUM>(BN_bin2bn(d, static_cast<int>(n), nullptr)); };
    Owned<BIGNUM> p = bn(key.p.data(), key.p.size()), q = bn(key.q.data(), key.q.size()),
                  g = bn(key.g.data(), key.g.size()), y = bn(key.y.data(), key.y.size());
    Owned<BIGNUM> x(with_private ? BN_secure_new() : nullptr);
    if (with_private) BN_bin2bn(key.x->data(), static_cast<int>(key.x->size()), x.get());
    if (!bld || !p || !q || !g || !y || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_Q, q.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) ||
        (with_private && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, x.get())))
        throw Error(tr("cannot build a DSA key (OpenSSL)"));
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld.get()));
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        throw Error(tr("cannot build a DSA key (OpenSSL)"));
    return Owned<EVP_PKEY>(raw);
}

}  // namespace

DsaKey parse_dsa_spki(const unsigned char* der, std::size_t size, const std::string& source) {
    const unsigned char* p = der;
    Owned<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(size)));
    if (!pkey) throw ParseError(source, 0, tr("not a DER public key (X.509 SubjectPublicKeyInfo)"));
    if (p != der + size) throw ParseError(source, 0, tr("unexpected bytes after the DER public key"));
    return to_key(pkey.get(), false, source);
}

DsaKey parse_dsa_pkcs8(const unsigned char* der, std::size_t size, const std::string& source) {
    const unsigned char* p = der;
    Owned<PKCS8_PRIV_KEY_INFO> info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(size)));
    if (!info) throw ParseError(source, 0, tr("not a DER private key (PKCS#8)"));
    if (p != der + size) throw ParseError(source, 0, tr("unexpected bytes after the DER private key"));
    Owned<EVP_PKEY> pkey(EVP_PKCS82PKEY(info.get()));
    if (!pkey) throw ParseError(source, 0, tr("a PKCS#8 key OpenSSL cannot read (not DSA?)"));
    return to_key(pkey.get(), true, source);
}

// Each encoding once, into a buffer OpenSSL allocates: asking for the size first set up
// OpenSSL 3's encoder twice, most of the time a writer of ten accounts' keys took.
Bytes write_dsa_spki(const DsaKey& key) {
    Owned<EVP_PKEY> pkey = from_key(key, false);
    unsigned char* der = nullptr;
    int n = i2d_PUBKEY(pkey.get(), &der);
    if (n <= 0) throw Error(tr("cannot encode a DSA public key (OpenSSL)"));
    Bytes out(der, der + n);
    OPENSSL_free(der);
    return out;
}

SecureBytes write_dsa_pkcs8(const DsaKey& key) {
    Owned<EVP_PKEY> pkey = from_key(key, true);
    Owned<PKCS8_PRIV_KEY_INFO> info(EVP_PKEY2PKCS8(pkey.get()));
    unsigned char* der = nullptr;
    int n = info ? i2d_PKCS8_PRIV_KEY_INFO(info.get(), &der) : 0;
    if (n <= 0) throw Error(tr("cannot encode a DSA private key (OpenSSL)"));
    SecureBytes out(der, der + n);
    OPENSSL_clear_free(der, static_cast<std::size_t>(n));  // it holds the private key
    return out;
}

}  // namespace keysync
