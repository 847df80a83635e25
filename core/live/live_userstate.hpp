#pragma once
// A running client's libotr state (OtrlUserState) in the terms of libotr's own files: the same
// records the file parsers produce, so the app's naming turns them into a KeyStore.
#include <vector>

#include "keysync/formats/libotr_fingerprints.hpp"
#include "keysync/formats/libotr_private_keys.hpp"

typedef struct s_OtrlUserState* OtrlUserState;

namespace keysync {

struct LiveSnapshot {
    std::vector<LibotrPrivateKey> keys;  // with x, taken from libgcrypt
    std::vector<FingerprintRow> rows;    // every master context's fingerprints and trust
};

// Throws Error when a key in the state is not a DSA key it can read.
LiveSnapshot snapshot_userstate(OtrlUserState state);

}  // namespace keysync
