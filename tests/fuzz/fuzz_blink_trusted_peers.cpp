#include "fuzz_app_file.hpp"

// Blink's trusted_peers: SIP address, fingerprint, trust.
KEYSYNC_FUZZ_APP_FILE("blink", "trusted_peers")
