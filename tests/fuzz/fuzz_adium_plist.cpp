#include "apps/adium_accounts_plist.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_adium_accounts(text, "fuzz"))
