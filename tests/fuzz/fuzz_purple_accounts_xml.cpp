#include "apps/purple_accounts_xml.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_purple_accounts(text, "fuzz"))
