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

// AES-256-CBC of SIZE bytes at IN into OUT (which may be IN: in place), with key and IV from
// EVP_BytesToKey(MD5, 1 round) of PASSWORD and SALT; the bytes written (a whole number of
// blocks, at most SIZE + 16), or nullopt on failure (a wrong password shows up as bad padding).
std::optional<std::size_t> crypt(bool encrypt, const unsigned char* in, std::size_t size, unsigned char* out,
                                 const SecureString& password, const unsigned char* salt) {
    SecureBytes key(32), iv(16);
    if (EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), salt, reinterpret_cast<const unsigned char*>(password.data()),
                       static_cast<int>(password.size()), 1, key.data(), iv.data()) != 32)
        throw Error(tr("EVP_BytesToKey failed"));
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    int n = 0, tail = 0;
    if (!ctx || !EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv.data(), encrypt ? 1 : 0) ||
        !EVP_CipherUpdate(ctx.get(), out, &n, in, static_cast<int>(size)) || !EVP_CipherFinal_ex(ctx.get(), out + n, &tail))
        return std::nullopt;
    return static_cast<std::size_t>(n + tail);
}

}  // namespace

SecureString ofcaes_encrypt(SecureString text, const SecureString& password) {
    unsigned char salt[kSaltSize];
    if (RAND_bytes(salt, sizeof salt) != 1) throw Error(tr("no random bytes for the salt (OpenSSL RAND_bytes)"));
    // Encrypted in place behind the header: a 15 MiB keystore is held once (within the room the
    // writer reserved, the header's insert moves it without a second buffer).
    std::size_t size = text.size(), header = sizeof kMagic - 1 + kSaltSize;
    text.insert(0, header, '\0');
    std::memcpy(text.data(), kMagic, sizeof kMagic - 1);
    std::memcpy(text.data() + sizeof kMagic - 1, salt, kSaltSize);
    text.resize(header + size + 16);  // room for the padding block
    auto* body = reinterpret_cast<unsigned char*>(text.data() + header);
    auto written = crypt(true, body, size, body, password, salt);
    if (!written) throw Error(tr("AES-256-CBC encryption failed"));
    text.resize(header + *written);
    return text;
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

    SecureString plain(bytes.size(), '\0');  // OpenSSL wants a block more than it is given
    auto written = crypt(false, bytes.data() + 16, bytes.size() - 16, reinterpret_cast<unsigned char*>(plain.data()), password,
                         bytes.data() + 8);
    if (written) plain.resize(*written);
    bool text = written && std::all_of(plain.begin(), plain.end(), [](char c) {
        return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f);
    });
    if (!text) throw ParseError(source, 0, tr("wrong password (or a damaged file): it does not decrypt to a keystore"));
    return plain;
}

}  // namespace keysync
