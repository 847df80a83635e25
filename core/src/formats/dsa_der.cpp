#include "keysync/formats/dsa_der.hpp"

#include <cstring>
#include <memory>
#include <type_traits>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

// The keys go through OpenSSL's ASN.1 codec (DER in and out), not through EVP_PKEY: for each
// key, OpenSSL 3 looks up and sets up its provider decoders or encoders, 0.2-0.7 ms a key, most
// of the time a sync of small stores took. They are read as generic DER (sequences, integers,
// strings), their algorithm's OID compared as bytes: decoding an OID has OpenSSL look it up, and
// its first lookup loads the system's OpenSSL configuration and all its error strings (1.3 MiB
// of libcrypto's code made resident, at a 100k sync's peak, and 0.5 ms), which reading keys does
// not need. The layouts are the ones OpenSSL's and Java's DSA encoders write (formats.md 1.4):
//   SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID dsa, SEQUENCE { p, q, g } }, BIT STRING { INTEGER y } }
//   PKCS#8:               SEQUENCE { INTEGER 0, SEQUENCE { OID dsa, SEQUENCE { p, q, g } }, OCTET STRING { INTEGER x } }
namespace keysync {
namespace {

struct Free {
    void operator()(ASN1_SEQUENCE_ANY* s) const {  // its strings cleared first: a PKCS#8 key's hold x
        for (int i = 0; i < sk_ASN1_TYPE_num(s); ++i) {
            ASN1_TYPE* t = sk_ASN1_TYPE_value(s, i);
            const int type = ASN1_TYPE_get(t);
            if (type == V_ASN1_BOOLEAN || type == V_ASN1_NULL || type == V_ASN1_OBJECT || !t->value.asn1_string) continue;
            const ASN1_STRING* string = t->value.asn1_string;
            OPENSSL_cleanse(const_cast<unsigned char*>(ASN1_STRING_get0_data(string)), static_cast<std::size_t>(ASN1_STRING_length(string)));
        }
        sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free);
    }
    void operator()(ASN1_STRING* s) const { ASN1_STRING_clear_free(s); }  // (ASN1_INTEGER too) may hold x
    void operator()(ASN1_TYPE* t) const { ASN1_TYPE_free(t); }
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
    void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }  // clears the key it holds
    void operator()(X509_PUBKEY* p) const { X509_PUBKEY_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

// The items of a DER SEQUENCE that is all of DER; null when it is not one.
Owned<ASN1_SEQUENCE_ANY> sequence(const unsigned char* der, std::size_t size) {
    const unsigned char* p = der;
    Owned<ASN1_SEQUENCE_ANY> items(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, static_cast<long>(size)));
    if (!items || p != der + size) return nullptr;
    return items;
}

// The same for a whole key's DER, else a ParseError: NOT_ONE when it is no SEQUENCE, AFTER when
// a whole one is followed by more.
Owned<ASN1_SEQUENCE_ANY> key_sequence(const unsigned char* der, std::size_t size, const std::string& source,
                                      const std::string& not_one, const std::string& after) {
    const unsigned char* p = der;
    Owned<ASN1_SEQUENCE_ANY> items(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, static_cast<long>(size)));
    if (!items) throw ParseError(source, 0, not_one);
    if (p != der + size) throw ParseError(source, 0, after);
    return items;
}

const ASN1_TYPE* item(const ASN1_SEQUENCE_ANY* items, int i, int type) {
    if (i >= sk_ASN1_TYPE_num(items)) return nullptr;
    const ASN1_TYPE* t = sk_ASN1_TYPE_value(items, i);
    return ASN1_TYPE_get(t) == type ? t : nullptr;
}

// A non-negative INTEGER's value, big-endian without leading zeros (the model's form).
template <typename Buffer>
bool unsigned_value(const ASN1_INTEGER* integer, Buffer& out) {
    if (!integer || ASN1_STRING_type(integer) != V_ASN1_INTEGER) return false;  // (V_ASN1_NEG_INTEGER when negative)
    const unsigned char* data = ASN1_STRING_get0_data(integer);
    auto size = static_cast<std::size_t>(ASN1_STRING_length(integer));
    if constexpr (std::is_same_v<Buffer, SecureBytes>) out = minimal_unsigned_secret(data, size);
    else out = minimal_unsigned(data, size);
    return true;
}

// The number a DER INTEGER (all of DER) holds.
template <typename Buffer>
bool integer_value(const unsigned char* der, std::size_t size, Buffer& out) {
    const unsigned char* p = der;
    Owned<ASN1_INTEGER> integer(d2i_ASN1_INTEGER(nullptr, &p, static_cast<long>(size)));
    return integer && p == der + size && unsigned_value(integer.get(), out);
}

// p, q and g from a DSA AlgorithmIdentifier, SEQUENCE { OID, SEQUENCE { p, q, g } } (its whole
// DER, as a sequence item holds it); NOT_ONE when it is no such SEQUENCE.
void read_algorithm(const ASN1_STRING* algorithm, DsaKey& key, const std::string& source, const std::string& not_one) {
    const unsigned char* p = ASN1_STRING_get0_data(algorithm);
    const unsigned char* const end = p + ASN1_STRING_length(algorithm);
    long length = 0;
    int tag = 0, xclass = 0;
    auto header = [&] {  // the next item's, P then at its contents
        const int read = ASN1_get_object(&p, &length, &tag, &xclass, end - p);
        return !(read & 0x80) && !(read & 0x01) && xclass == V_ASN1_UNIVERSAL;  // (0x01: indefinite length, no DER)
    };
    if (!header() || tag != V_ASN1_SEQUENCE || p + length != end || !header() || tag != V_ASN1_OBJECT)
        throw ParseError(source, 0, not_one);
    const ASN1_OBJECT* dsa = OBJ_nid2obj(NID_dsa);  // (OpenSSL's own, looked up by number: no lookup of an OID)
    if (static_cast<std::size_t>(length) != OBJ_length(dsa) || std::memcmp(p, OBJ_get0_data(dsa), static_cast<std::size_t>(length)) != 0)
        throw ParseError(source, 0, tr("not a DSA key (OTR keys are DSA)"));
    p += length;
    Owned<ASN1_SEQUENCE_ANY> pqg = sequence(p, static_cast<std::size_t>(end - p));
    const char* names[] = {"p", "q", "g"};
    Bytes* numbers[] = {&key.p, &key.q, &key.g};
    for (int i = 0; i < 3; ++i) {
        const ASN1_TYPE* n = pqg ? item(pqg.get(), i, V_ASN1_INTEGER) : nullptr;
        if (!n || !unsigned_value(n->value.integer, *numbers[i])) throw ParseError(source, 0, fill(tr("the DSA key has no {}"), {names[i]}));
    }
}

void check(const DsaKey& key, const std::string& source) {
    if (std::string problem = key.problem(); !problem.empty()) throw ParseError(source, 0, problem);
}

// DER of KEY's p, q and g as a SEQUENCE, as an AlgorithmIdentifier's parameters.
Owned<ASN1_STRING> parameters_der(const DsaKey& key) {
    Owned<ASN1_SEQUENCE_ANY> pqg(sk_ASN1_TYPE_new_null());
    for (const Bytes* n : {&key.p, &key.q, &key.g}) {
        Owned<BIGNUM> bn(BN_bin2bn(n->data(), static_cast<int>(n->size()), nullptr));
        Owned<ASN1_TYPE> t(ASN1_TYPE_new());
        ASN1_INTEGER* integer = bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr;
        if (!pqg || !t || !integer) throw Error(tr("cannot build a DSA key (OpenSSL)"));
        ASN1_TYPE_set(t.get(), V_ASN1_INTEGER, integer);
        if (!sk_ASN1_TYPE_push(pqg.get(), t.get())) throw Error(tr("cannot build a DSA key (OpenSSL)"));
        t.release();
    }
    unsigned char* der = nullptr;
    int n = i2d_ASN1_SEQUENCE_ANY(pqg.get(), &der);
    Owned<ASN1_STRING> out(ASN1_STRING_new());
    if (n <= 0 || !out) {
        OPENSSL_free(der);
        throw Error(tr("cannot build a DSA key (OpenSSL)"));
    }
    ASN1_STRING_set0(out.get(), der, n);
    return out;
}

// DER of the INTEGER NUMBER, in a buffer OpenSSL allocates (the key structures take it over).
std::pair<unsigned char*, int> integer_der(const unsigned char* number, std::size_t size, bool secret) {
    Owned<BIGNUM> bn(secret ? BN_secure_new() : BN_new());
    if (!bn || !BN_bin2bn(number, static_cast<int>(size), bn.get())) throw Error(tr("cannot build a DSA key (OpenSSL)"));
    Owned<ASN1_INTEGER> integer(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    unsigned char* der = nullptr;
    int n = integer ? i2d_ASN1_INTEGER(integer.get(), &der) : 0;
    if (n <= 0) throw Error(tr("cannot build a DSA key (OpenSSL)"));
    return {der, n};
}

}  // namespace

DsaKey parse_dsa_spki(const unsigned char* der, std::size_t size, const std::string& source) {
    const std::string not_one = tr("not a DER public key (X.509 SubjectPublicKeyInfo)");
    Owned<ASN1_SEQUENCE_ANY> spki = key_sequence(der, size, source, not_one, tr("unexpected bytes after the DER public key"));
    const ASN1_TYPE* algorithm = item(spki.get(), 0, V_ASN1_SEQUENCE);
    const ASN1_TYPE* bits = item(spki.get(), 1, V_ASN1_BIT_STRING);
    if (!algorithm || !bits || sk_ASN1_TYPE_num(spki.get()) != 2) throw ParseError(source, 0, not_one);
    DsaKey key;
    read_algorithm(algorithm->value.sequence, key, source, not_one);
    const ASN1_BIT_STRING* y = bits->value.bit_string;
    bool whole_bytes = !(y->flags & ASN1_STRING_FLAG_BITS_LEFT) || (y->flags & 0x07) == 0;
    if (!whole_bytes || !integer_value(ASN1_STRING_get0_data(y), static_cast<std::size_t>(ASN1_STRING_length(y)), key.y))
        throw ParseError(source, 0, fill(tr("the DSA key has no {}"), {"y"}));
    check(key, source);
    return key;
}

DsaKey parse_dsa_pkcs8(const unsigned char* der, std::size_t size, const std::string& source) {
    // SEQUENCE { INTEGER version, AlgorithmIdentifier, OCTET STRING { INTEGER x }, [0] attributes OPTIONAL }
    const std::string not_one = tr("not a DER private key (PKCS#8)");
    Owned<ASN1_SEQUENCE_ANY> info = key_sequence(der, size, source, not_one, tr("unexpected bytes after the DER private key"));
    const int items = sk_ASN1_TYPE_num(info.get());
    const ASN1_TYPE* algorithm = item(info.get(), 1, V_ASN1_SEQUENCE);
    const ASN1_TYPE* private_key = item(info.get(), 2, V_ASN1_OCTET_STRING);
    // What OpenSSL's own PKCS#8 reader takes: the attributes, [0], and nothing after them.
    const ASN1_TYPE* attributes = items == 4 ? item(info.get(), 3, V_ASN1_OTHER) : nullptr;  // (its whole DER)
    const bool tagged_0 = attributes && ASN1_STRING_length(attributes->value.asn1_string) > 0 &&
                          ASN1_STRING_get0_data(attributes->value.asn1_string)[0] == (V_ASN1_CONTEXT_SPECIFIC | V_ASN1_CONSTRUCTED);
    if (!item(info.get(), 0, V_ASN1_INTEGER) || !algorithm || !private_key || !(items == 3 || tagged_0))
        throw ParseError(source, 0, not_one);
    DsaKey key;
    read_algorithm(algorithm->value.sequence, key, source, not_one);
    SecureBytes x;
    const ASN1_OCTET_STRING* x_string = private_key->value.octet_string;
    if (!integer_value(ASN1_STRING_get0_data(x_string), static_cast<std::size_t>(ASN1_STRING_length(x_string)), x))
        throw ParseError(source, 0, fill(tr("the DSA key has no {}"), {"x"}));
    key.x = std::move(x);
    if (!key.p.empty()) key.y = compute_public_y(key.p, key.g, *key.x);  // PKCS#8 holds no y (formats.md 1.4)
    check(key, source);
    return key;
}

// Each encoding once, into a buffer OpenSSL allocates.
Bytes write_dsa_spki(const DsaKey& key) {
    Owned<X509_PUBKEY> spki(X509_PUBKEY_new());
    Owned<ASN1_STRING> parameters = parameters_der(key);
    auto [y, y_size] = integer_der(key.y.data(), key.y.size(), false);
    if (!spki || !X509_PUBKEY_set0_param(spki.get(), OBJ_nid2obj(NID_dsa), V_ASN1_SEQUENCE, parameters.get(), y, y_size)) {
        OPENSSL_free(y);
        throw Error(tr("cannot encode a DSA public key (OpenSSL)"));
    }
    parameters.release();  // the key's now, as Y is
    unsigned char* der = nullptr;
    int n = i2d_X509_PUBKEY(spki.get(), &der);
    if (n <= 0) throw Error(tr("cannot encode a DSA public key (OpenSSL)"));
    Bytes out(der, der + n);
    OPENSSL_free(der);
    return out;
}

SecureBytes write_dsa_pkcs8(const DsaKey& key) {
    Owned<PKCS8_PRIV_KEY_INFO> info(PKCS8_PRIV_KEY_INFO_new());
    Owned<ASN1_STRING> parameters = parameters_der(key);
    auto [x, x_size] = integer_der(key.x->data(), key.x->size(), true);
    if (!info || !PKCS8_pkey_set0(info.get(), OBJ_nid2obj(NID_dsa), 0, V_ASN1_SEQUENCE, parameters.get(), x, x_size)) {
        OPENSSL_clear_free(x, static_cast<std::size_t>(x_size));
        throw Error(tr("cannot encode a DSA private key (OpenSSL)"));
    }
    parameters.release();  // the key's now, as X is
    unsigned char* der = nullptr;
    int n = i2d_PKCS8_PRIV_KEY_INFO(info.get(), &der);
    if (n <= 0) throw Error(tr("cannot encode a DSA private key (OpenSSL)"));
    SecureBytes out(der, der + n);
    OPENSSL_clear_free(der, static_cast<std::size_t>(n));  // it holds the private key
    return out;
}

}  // namespace keysync
