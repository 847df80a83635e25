#include "keysync/base64.hpp"

#include <memory>

#include <openssl/evp.h>

namespace keysync {
namespace {
struct EncodeCtxDeleter {
    void operator()(EVP_ENCODE_CTX* c) const { EVP_ENCODE_CTX_free(c); }
};
}  // namespace

SecureString base64_encode(const unsigned char* data, std::size_t size) {
    // EVP_EncodeBlock writes 4 output bytes per 3 input bytes plus a NUL, with no line breaks.
    SecureString out(4 * ((size + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<SecureBytes> base64_decode(std::string_view text) {
    SecureString compact;
    compact.reserve(text.size());
    for (char c : text)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += c;
    if (compact.size() % 4 != 0) return std::nullopt;
    std::unique_ptr<EVP_ENCODE_CTX, EncodeCtxDeleter> ctx(EVP_ENCODE_CTX_new());
    if (!ctx) return std::nullopt;
    SecureBytes out(compact.size() / 4 * 3 + 3);
    int len = 0, tail = 0;
    EVP_DecodeInit(ctx.get());
    if (EVP_DecodeUpdate(ctx.get(), out.data(), &len, reinterpret_cast<const unsigned char*>(compact.data()),
                         static_cast<int>(compact.size())) < 0)
        return std::nullopt;
    if (EVP_DecodeFinal(ctx.get(), out.data() + len, &tail) != 1) return std::nullopt;
    out.resize(static_cast<std::size_t>(len + tail));
    return out;
}

}  // namespace keysync
