#include "keysync/formats/libotr_private_keys.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_libotr_private_keys(text, "fuzz"))
