#include "fuzz_app_file.hpp"

// KeyCzar DSA private keys (JSON).
KEYSYNC_FUZZ_APP_FILE("keyczar", "1.json")
