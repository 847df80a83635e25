#include "keysync/formats/ofcaes.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "keysync/base64.hpp"
#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {
namespace {

constexpr char kMagic[] = "Salted__";
constexpr std::size_t kSaltSize = 8;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// AES-256-CBC's key and IV from EVP_BytesToKey(MD5, 1 round) of PASSWORD and SALT, into a new context.
std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> cipher(bool encrypt, const SecureString& password, const unsigned char* salt) {
    SecureBytes key(32), iv(16);
    if (EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), salt, reinterpret_cast<const unsigned char*>(password.data()),
                       static_cast<int>(password.size()), 1, key.data(), iv.data()) != 32)
        throw Error(tr("EVP_BytesToKey failed"));
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || !EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data(), encrypt ? 1 : 0))
        throw Error(tr("AES-256-CBC encryption failed"));
    return ctx;
}

// SIZE bytes at IN through CTX, appended to OUT; false on failure (a wrong password shows up as
// bad padding at the end).
bool run(EVP_CIPHER_CTX* ctx, const unsigned char* in, std::size_t size, SecureString& out, bool last) {
    std::size_t at = out.size();
    out.resize(at + size + 16);  // a block more than given, as OpenSSL asks
    int n = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data() + at);
    bool ok = size == 0 || EVP_CipherUpdate(ctx, o, &n, in, static_cast<int>(size));
    int tail = 0;
    if (ok && last) ok = EVP_CipherFinal_ex(ctx, o + n, &tail);
    out.resize(at + static_cast<std::size_t>(ok ? n + tail : 0));
    return ok;
}

}  // namespace

struct OfcaesEncryption::Context {
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx;
};

OfcaesEncryption::OfcaesEncryption(const SecureString& password) : context_(new Context) {
    std::memcpy(header_, kMagic, sizeof kMagic - 1);
    if (RAND_bytes(header_ + 8, kSaltSize) != 1) {
        delete context_;
        throw Error(tr("no random bytes for the salt (OpenSSL RAND_bytes)"));
    }
    try {
        context_->ctx = cipher(true, password, header_ + 8);
    } catch (...) {
        delete context_;
        throw;
    }
}

OfcaesEncryption::~OfcaesEncryption() { delete context_; }  // the context wipes its key

std::string_view OfcaesEncryption::header() const { return {reinterpret_cast<const char*>(header_), sizeof header_}; }

void OfcaesEncryption::update(std::string_view plaintext, SecureString& out) {
    if (!run(context_->ctx.get(), reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), out, false))
        throw Error(tr("AES-256-CBC encryption failed"));
}

void OfcaesEncryption::finish(SecureString& out) {
    if (!run(context_->ctx.get(), nullptr, 0, out, true)) throw Error(tr("AES-256-CBC encryption failed"));
}

SecureString ofcaes_decrypt(std::string_view file, const SecureString& password, const std::string& source) {
    SecureBytes bytes(file.begin(), file.end());
    if (file.substr(0, 8) != kMagic) {  // ChatSecure also takes the base64-armoured form
        auto decoded = base64_decode(file);
        if (!decoded || decoded->size() < 8 || std::string_view(reinterpret_cast<const char*>(decoded->data()), 8) != kMagic)
            throw ParseError(source, 0, tr("not an .ofcaes file: it does not start with \"Salted__\" (openssl enc with a salt)"));
        bytes = std::move(*decoded);
    }
    if (bytes.size() < 16 + 16 || (bytes.size() - 16) % 16 != 0)
        throw ParseError(source, 0, fill(tr("the encrypted data is truncated ({} bytes)"), {std::to_string(bytes.size())}));

    SecureString plain;
    bool decrypted = run(cipher(false, password, bytes.data() + 8).get(), bytes.data() + 16, bytes.size() - 16, plain, true);
    bool text = decrypted && std::all_of(plain.begin(), plain.end(), [](char c) {
        return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f);
    });
    if (!text) throw ParseError(source, 0, tr("wrong password (or a damaged file): it does not decrypt to a keystore"));
    return plain;
}

}  // namespace keysync
