#include "live_userstate.hpp"

#include <algorithm>
#include <array>

#include <gcrypt.h>
extern "C" {
#include <libotr/context.h>
#include <libotr/privkey.h>
#include <libotr/userstate.h>
}

#include "keysync/error.hpp"

namespace keysync {
namespace {

// Number NAME of a libgcrypt (private-key (dsa (p ..) ...)) as unsigned big-endian bytes.
template <typename Buffer>
Buffer sexp_number(gcry_sexp_t key, const char* name, const std::string& account) {
    gcry_sexp_t token = gcry_sexp_find_token(key, name, 0);
    gcry_mpi_t mpi = token ? gcry_sexp_nth_mpi(token, 1, GCRYMPI_FMT_USG) : nullptr;
    gcry_sexp_release(token);
    if (!mpi) throw Error("live OTR state: the key of " + account + " has no DSA number " + name);
    unsigned char* bytes = nullptr;
    size_t length = 0;
    gcry_error_t err = gcry_mpi_aprint(GCRYMPI_FMT_USG, &bytes, &length, mpi);
    gcry_mpi_release(mpi);
    if (err) throw Error("live OTR state: cannot read number " + std::string(name) + " of " + account);
    Buffer out(bytes, bytes + length);
    OPENSSL_cleanse(bytes, length);
    gcry_free(bytes);
    while (!out.empty() && out.front() == 0) out.erase(out.begin());
    return out;
}

}  // namespace

LiveSnapshot snapshot_userstate(OtrlUserState state) {
    LiveSnapshot snapshot;
    for (OtrlPrivKey* k = state->privkey_root; k; k = k->next) {
        std::string account = std::string(k->accountname) + " (" + k->protocol + ")";
        if (k->pubkey_type != OTRL_PUBKEY_TYPE_DSA) throw Error("live OTR state: the key of " + account + " is not DSA");
        LibotrPrivateKey key;
        key.account = k->accountname;
        key.protocol = k->protocol;
        key.key.p = sexp_number<Bytes>(k->privkey, "p", account);
        key.key.q = sexp_number<Bytes>(k->privkey, "q", account);
        key.key.g = sexp_number<Bytes>(k->privkey, "g", account);
        key.key.y = sexp_number<Bytes>(k->privkey, "y", account);
        key.key.x = sexp_number<SecureBytes>(k->privkey, "x", account);
        snapshot.keys.push_back(std::move(key));
    }
    for (ConnContext* c = state->context_root; c; c = c->next) {
        if (c->m_context != c) continue;  // instance contexts share their master's fingerprints
        for (::Fingerprint* f = c->fingerprint_root.next; f; f = f->next) {
            std::array<unsigned char, 20> bytes{};
            std::copy(f->fingerprint, f->fingerprint + 20, bytes.begin());
            snapshot.rows.push_back({c->username, c->accountname, c->protocol, keysync::Fingerprint(bytes),
                                     f->trust ? f->trust : "", 0});
        }
    }
    return snapshot;
}

}  // namespace keysync
