#!/usr/bin/env bash
# The built-in demo: a Pidgin home from the bundled sample data is read, merged into other apps'
# formats, and listed. Runs in a throw-away $HOME; touches nothing of yours.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
keysync=${KEYSYNC:-$top/build/tools/keysync/keysync}
samples=$top/tests/data/keysync-samples
export HOME=$(mktemp -d /tmp/keysync-demo.XXXXXX)
trap 'rm -rf "$HOME"' EXIT
cp -r "$samples/pidgin" "$HOME/.purple"
mkdir -p "$HOME/.irssi" && cp -r "$samples/irssi" "$HOME/.irssi/otr"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$keysync" apps
step "$keysync" list pidgin
step "$keysync" convert pidgin kopete --dry-run
step "$keysync" convert pidgin kopete
step "$keysync" list kopete --json
step "$keysync" convert irssi pidgin
step "$keysync" list pidgin
step ls -l "$HOME/.purple"
