#include "sha1.hpp"

#include <glib.h>

#include "keysync/error.hpp"
#include "keysync/i18n.hpp"

namespace keysync {

std::array<unsigned char, 20> sha1(const void* data, std::size_t size) {
    std::array<unsigned char, 20> digest{};
    GChecksum* checksum = g_checksum_new(G_CHECKSUM_SHA1);
    if (!checksum) throw Error(tr("SHA-1 failed"));
    g_checksum_update(checksum, static_cast<const guchar*>(data), static_cast<gssize>(size));
    gsize length = digest.size();
    g_checksum_get_digest(checksum, digest.data(), &length);
    g_checksum_free(checksum);
    if (length != digest.size()) throw Error(tr("SHA-1 failed"));
    return digest;
}

}  // namespace keysync
