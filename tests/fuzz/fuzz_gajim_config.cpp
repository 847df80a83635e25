#include "apps/gajim_config.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_gajim_config(text))
