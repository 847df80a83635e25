#pragma once
// The heart of `convert` and `import-chatsecure`: merge a store into one location, dry run or
// write, and say what changed.
#include "keysync/location.hpp"

namespace keysync::cli {

void merge_into_location(const KeyStore& source, const Location& to, bool dry_run, bool force);

}  // namespace keysync::cli
