#include "keysync/formats/sexp.hpp"
#include "fuzz_target.hpp"

KEYSYNC_FUZZ_TARGET(keysync::parse_sexp(text, "fuzz"))
