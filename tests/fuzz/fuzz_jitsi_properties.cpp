#include "fuzz_app_file.hpp"

// Jitsi's sip-communicator.properties, through the whole read: read in key order a piece at a
// time when its OTR keys are (as KeySync writes them), else whole; the contacts' fingerprints
// and verified marks are collected as records and grouped (ContactFingerprints).
KEYSYNC_FUZZ_APP_FILE("jitsi", "sip-communicator.properties")
