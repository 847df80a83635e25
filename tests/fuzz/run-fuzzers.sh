#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan (build-fuzz/) and runs each for
# SECONDS (default 60) on a seed corpus made from the sample files. A crash leaves its input
# in build-fuzz/crashes/; add it to tests/data/regressions/ (tests/unit/regressions_test.cpp
# runs every file there through every parser).
set -euo pipefail
seconds=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build-fuzz
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" "$top" -Dfuzz=true -Dtests=false \
    -Dpidgin_plugin=disabled -Dirssi_plugin=disabled -Dweechat_plugin=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dcpp_args=-fsanitize=fuzzer-no-link
fi
ninja -C "$build"
corpus=$build/corpus
mkdir -p "$corpus" "$build/crashes"
find "$top/tests/data/keysync-samples" -type f -size -200k -exec cp {} "$corpus/" \; 2>/dev/null || true
# fuzz_dsa_der's seeds: the samples' otr4j keys as DER, after the byte that says which kind
# (Java escapes a value's '=' and the line breaks Android's base64 puts in).
mkdir -p "$corpus/fuzz_dsa_der"
n=0
for file in "$top/tests/data/keysync-samples/jitsi/sip-communicator.properties" "$top/tests/data/keysync-samples/chatsecure/otr_keystore"; do
  grep -E '(private|public)Key=' "$file" | while read -r line; do
    value=${line#*Key=}; n=$((n + 1)); case $line in *privateKey=*) kind='\001' ;; *) kind='\000' ;; esac
    { printf "$kind"; printf '%s' "$value" | sed -e 's/\\[nr]//g' -e 's/\\//g' | base64 -d; } >"$corpus/fuzz_dsa_der/seed-$(basename "$file")-$n"
  done
done
status=0
for target in "$build"/tests/fuzz/fuzz_*; do
  [ -f "$target" ] && [ -x "$target" ] || continue
  name=$(basename "$target")
  mkdir -p "$corpus/$name" && cp "$corpus"/* "$corpus/$name/" 2>/dev/null || true
  echo "== $name ($seconds s)"
  if ! "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/crashes/$name-" "$corpus/$name" >"$build/$name.log" 2>&1; then
    echo "   FAILED: see $build/$name.log and $build/crashes/"; status=1
  else
    tail -1 "$build/$name.log"
  fi
done
exit $status
