#include "keysync/formats/ofcaes.hpp"

#include <algorithm>
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

// AES-256-CBC with EVP_BytesToKey(MD5, 1 round) from PASSWORD and SALT, appended to OUT; false
// on failure (a wrong password shows up as bad padding).
bool crypt(bool encrypt, const unsigned char* in, std::size_t size, const SecureString& password, const unsigned char* salt,
           SecureString& out) {
    SecureBytes key(32), iv(16);
    if (EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), salt, reinterpret_cast<const unsigned char*>(password.data()),
                       static_cast<int>(password.size()), 1, key.data(), iv.data()) != 32)
        throw Error(tr("EVP_BytesToKey failed"));
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    std::size_t at = out.size();
    out.resize(at + size + 32);  // written in place: a 15 MiB keystore is not copied again
    int n = 0, tail = 0;
    auto* o = reinterpret_cast<unsigned char*>(out.data() + at);
    if (!ctx || !EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data(), encrypt ? 1 : 0) ||
        !EVP_CipherUpdate(ctx.get(), o, &n, in, static_cast<int>(size)) || !EVP_CipherFinal_ex(ctx.get(), o + n, &tail))
        return false;
    out.resize(at + static_cast<std::size_t>(n + tail));
    return true;
}

}  // namespace

SecureString ofcaes_encrypt(const SecureString& plaintext, const SecureString& password) {
    unsigned char salt[kSaltSize];
    if (RAND_bytes(salt, sizeof salt) != 1) throw Error(tr("no random bytes for the salt (OpenSSL RAND_bytes)"));
    SecureString out(kMagic);
    out.append(reinterpret_cast<const char*>(salt), sizeof salt);
    out.reserve(out.size() + plaintext.size() + 32);
    if (!crypt(true, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), password, salt, out))
        throw Error(tr("AES-256-CBC encryption failed"));
    return out;
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
    bool text = crypt(false, bytes.data() + 16, bytes.size() - 16, password, bytes.data() + 8, plain) &&
                std::all_of(plain.begin(), plain.end(), [](char c) {
        return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f);
    });
    if (!text) throw ParseError(source, 0, tr("wrong password (or a damaged file): it does not decrypt to a keystore"));
    return plain;
}

}  // namespace keysync
