#include "keysync/formats/ofcaes.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::ofcaes_decrypt(text, keysync::SecureString("6QpT40Omhp6YRX73BzxnPlSvvr7ZsPP6VaS4aqWOyqE="), "fuzz"))
