#include "fuzz_app_file.hpp"

// otr.js packPrivate() keys.
KEYSYNC_FUZZ_APP_FILE("otrjs", "alice.otrjs")
