#include "fuzz_app_file.hpp"

// potr fingerprints as otr.py (WeeChat) writes them: account, peer, protocol, fingerprint, trust.
KEYSYNC_FUZZ_APP_FILE("weechat", "otr/alice@example.fpr")
