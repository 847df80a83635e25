#include "keysync/formats/chatsecure_keystore.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_chatsecure_keystore(text, "fuzz"))
