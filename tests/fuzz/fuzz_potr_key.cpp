#include "keysync/formats/potr_key.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_potr_key(text, "fuzz"))
