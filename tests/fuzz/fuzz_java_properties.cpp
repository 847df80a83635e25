#include "keysync/formats/java_properties.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_java_properties(text, "fuzz"))
