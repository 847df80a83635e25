#!/usr/bin/env bash
# Builds (warnings are errors) and runs every test; ends with one "N passed, N failed" line
# counting the individual GoogleTest cases.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
cd "$top"
if [ -f "$build/build.ninja" ]; then
  meson configure "$build" -Dwerror=true >/dev/null || exit 1
else
  meson setup "$build" -Dwerror=true || exit 1
fi
ninja -C "$build" || exit 1
meson test -C "$build" --print-errorlogs --num-processes 2
status=$?
log=$build/meson-logs/testlog.txt
passed=$(grep -ho '^\[  PASSED  \] [0-9]* test' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -ho '^\[  FAILED  \] [0-9]* test' "$log" | awk '{s+=$4} END {print s+0}')
[ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1   # a crash or timeout prints no gtest summary
echo "tests: $passed passed, $failed failed"
exit "$status"
