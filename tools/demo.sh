#!/usr/bin/env bash
# The built-in demo: a Pidgin home from the bundled sample data is read, converted, synced with
# irssi and Gajim homes, listed, and exported to ChatSecure. Runs in a throw-away $HOME.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
keysync=${KEYSYNC:-$top/build/tools/launcher/keysync}
samples=$top/tests/data/keysync-samples
export HOME=$(mktemp -d /tmp/keysync-demo.XXXXXX)
trap 'rm -rf "$HOME"' EXIT
cp -r "$samples/pidgin" "$HOME/.purple"
mkdir -p "$HOME/.irssi" "$HOME/.local/share" && cp -r "$samples/irssi" "$HOME/.irssi/otr"
cp -r "$samples/gajim" "$HOME/.local/share/gajim"
chmod -R u+w "$HOME"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$keysync" apps
step "$keysync" list pidgin
step "$keysync" convert pidgin kopete --dry-run
step "$keysync" convert pidgin kopete
step "$keysync" list kopete --json
step "$keysync" sync pidgin irssi gajim
step "$keysync" sync pidgin irssi gajim
step "$keysync" list pidgin
step "$keysync" export-chatsecure pidgin gajim --output "$HOME/otr_keystore.ofcaes" --no-push
step "$keysync" restore pidgin --list
step "$keysync" doctor || true
