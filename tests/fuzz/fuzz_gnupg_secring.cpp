#include "apps/gnupg_packets.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_gnupg_secring(text, "fuzz"))
