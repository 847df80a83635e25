#!/usr/bin/env bash
# Builds (warnings are errors) and runs every test, then the suite again under ASan and UBSan:
# the core, CLI and interop tests, and the Pidgin, irssi and WeeChat plugins inside the real
# clients (ASan preloaded into them, tests/hosts/meson.build). Ends with one "N passed, N failed"
# line counting the individual GoogleTest cases of both runs.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
cd "$top"

setup() {  # DIR OPTIONS...
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then meson configure "$dir" "$@" >/dev/null; else meson setup "$dir" "$@"; fi
}

status=0
setup "$build" -Dwerror=true || exit 1
ninja -C "$build" || exit 1
meson test -C "$build" --print-errorlogs --num-processes 2 || status=1

if [ "${KEYSYNC_SKIP_SANITIZERS:-0}" != 1 ]; then
  sanitized=$build-sanitize
  setup "$sanitized" -Dwerror=true -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
    -Dweechat_plugin=auto || exit 1
  ninja -C "$sanitized" || exit 1
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0 \
    meson test -C "$sanitized" --print-errorlogs --num-processes 2 --timeout-multiplier 3 || status=1
fi

passed=0 failed=0
for log in "$build/meson-logs/testlog.txt" "$build-sanitize/meson-logs/testlog.txt"; do
  [ -f "$log" ] || continue
  passed=$((passed + $(grep -ho '^\[  PASSED  \] [0-9]* test' "$log" | awk '{s+=$4} END {print s+0}')))
  failed=$((failed + $(grep -ho '^\[  FAILED  \] [0-9]* test' "$log" | awk '{s+=$4} END {print s+0}')))
done
[ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1   # a crash or timeout prints no gtest summary
echo "tests: $passed passed, $failed failed"
exit "$status"
