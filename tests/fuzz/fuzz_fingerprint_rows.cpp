#include "keysync/formats/libotr_fingerprints.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_fingerprint_rows(text, "fuzz"))
