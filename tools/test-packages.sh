#!/usr/bin/env bash
# Builds the Debian packages (dpkg-buildpackage -us -uc -b) from a copy of this tree, installs
# them with apt-get (as root, or through sudo: meant for a throwaway CI machine), and checks that
# what got installed works where Debian puts it: the keysync command and its man page, and each
# plugin loaded by its real client from the client's own plugin folder. Ends with one summary
# line; exits non-zero on the first failed check. Needs .ci/install-deps (the clients, xvfb,
# debhelper, man-db).
#
#   tools/test-packages.sh [WORKDIR]     WORKDIR is kept; a temporary one is removed on success
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$top/tests/data/keysync-samples

work=${1:-}
if [ -z "$work" ]; then
  work=$(mktemp -d /tmp/keysync-packages.XXXXXX)
  trap 'status=$?; [ "$status" = 0 ] && rm -rf "$work"' EXIT
fi
mkdir -p "$work"
chmod 755 "$work"  # apt's _apt user reads the .deb files from here
export DEBIAN_FRONTEND=noninteractive
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo --preserve-env=DEBIAN_FRONTEND"

fail() {
  echo "test-packages: FAIL: $*" >&2
  echo "test-packages: files are in $work" >&2
  exit 1
}
fail_log() {  # FILE MESSAGE: the end of FILE, then fail
  tail -n 15 "$1" >&2 2>/dev/null || true
  fail "$2 (see $1)"
}
step() { echo "test-packages: $*"; }

# --- build, from a copy so the source tree gets no debian/ build output -----------------------
src=$work/src
rm -rf "$src" && mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # tracked and new (not ignored) files, as they are now in the work tree
  (cd "$top" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
     [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$src")
else
  tar -C "$top" --exclude='./build*' --exclude='./subprojects/googletest-*' -cf - . | tar -C "$src" -xf -
fi
step "building the packages in $src (log: $work/build.log)"
start=$SECONDS
(
  cd "$src"
  export DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)"
  if command -v ccache >/dev/null; then  # named outright: debhelper gives the build its own HOME
    export CC="ccache gcc" CXX="ccache g++" CCACHE_BASEDIR=$src CCACHE_DIR=$(ccache --get-config cache_dir)
  fi
  dpkg-buildpackage -us -uc -b
) >"$work/build.log" 2>&1 || fail_log "$work/build.log" "dpkg-buildpackage failed"
build_seconds=$((SECONDS - start))
# The programs below get a home of their own (the build kept the real one, for ccache).
export HOME=$work/home
mkdir -p "$HOME"

packages=(keysync pidgin-keysync irssi-plugin-keysync weechat-plugin-keysync)
debs=()
for p in "${packages[@]}"; do
  deb=$(ls "$work/${p}"_*.deb 2>/dev/null | head -n 1)
  [ -n "$deb" ] || fail "dpkg-buildpackage made no ${p}_*.deb"
  debs+=("$deb")
done

step "installing ${packages[*]}"
$sudo apt-get install -y -q --reinstall "${debs[@]}" >"$work/install.log" 2>&1 ||
  fail_log "$work/install.log" "apt-get install of the packages failed"
# What is installed must be what was just built (--reinstall: the version number stays the same
# from one build to the next).
for i in "${!packages[@]}"; do
  p=${packages[$i]}
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p")" = installed ] || fail "$p is not installed"
  dpkg-deb -I "${debs[$i]}" md5sums | cmp -s - "$(dpkg-query --control-path "$p" md5sums)" ||
    fail "the installed $p is not the one just built"
done
installed() {  # PACKAGE SUFFIX: the one file of PACKAGE whose path ends in SUFFIX
  local f
  f=$(dpkg -L "$1" | grep -- "$2\$" | head -n 1)
  [ -n "$f" ] && [ -f "$f" ] || fail "$1 installed no file ending in $2"
  echo "$f"
}
checks=0
passed() { checks=$((checks + 1)); step "ok: $*"; }

# --- the command, its man page and its completion ---------------------------------------------
[ "$(command -v keysync)" = /usr/bin/keysync ] || fail "keysync is not /usr/bin/keysync on PATH"
apps=$(keysync apps 2>&1) || fail "keysync apps failed: $apps"
grep -q '^pidgin ' <<<"$apps" || fail "keysync apps does not list pidgin: $apps"
# /usr/bin/keysync is the launcher (tools/launcher); what it started is the program under libexec.
installed keysync /libexec/keysync/keysync >/dev/null
passed "keysync apps lists pidgin (the launcher started /usr/libexec/keysync/keysync)"
if grep -rqs '^path-exclude=*/usr/share/man' /etc/dpkg/dpkg.cfg.d; then
  fail "dpkg on this machine drops man pages (path-exclude in /etc/dpkg/dpkg.cfg.d), so man -w cannot work"
fi
page=$(man -w keysync 2>&1) || fail "man -w keysync finds no page: $page"
[ "$page" = "$(installed keysync /man1/keysync.1.gz)" ] || fail "man -w keysync found $page, not keysync's page"
passed "man -w keysync: $page"
installed keysync /bash-completion/completions/keysync >/dev/null
# The CLI does real work through its private library: irssi's sample files become otr.py's.
# --force: a WeeChat running elsewhere on the machine does not use this new folder.
convert=$(keysync convert --force "irssi:$fixtures/irssi" "weechat:$work/weechat" 2>&1) || fail "keysync convert failed: $convert"
ls "$work"/weechat/otr/*.key3 >/dev/null 2>&1 || fail "keysync convert wrote no otr.py key: $convert"
passed "keysync convert irssi -> weechat"
# An export to ChatSecure looks for a phone through the MTP module the package puts beside the
# library, loaded only then; with no phone attached it says where to copy the keystore.
installed keysync /keysync/libkeysync-mtp.so >/dev/null
exported=$(keysync export-chatsecure "pidgin:$fixtures/pidgin" --output "$work/otr_keystore.ofcaes" --qr "$work/qr.png" 2>&1) ||
  fail "keysync export-chatsecure failed: $exported"
grep -q 'no Android phone found over USB (MTP)' <<<"$exported" || fail "keysync export-chatsecure did not look for a phone: $exported"
[ -s "$work/otr_keystore.ofcaes" ] || fail "keysync export-chatsecure wrote no keystore: $exported"
passed "keysync export-chatsecure (its MTP module loaded; no phone attached)"

# --- irssi: the module from irssi's module dir, in the real irssi with its OTR module (HOSTS.md §4)
module=$(installed irssi-plugin-keysync /irssi/modules/libkeysync_core.so)
irssi_home=$work/irssi
mkdir -p "$irssi_home/otr"
cp "$fixtures/irssi/otr.key" "$fixtures/irssi/otr.fp" "$irssi_home/otr/"
rm -f "$work/irssi.log"
cat >"$irssi_home/startup" <<EOF
/window log on $work/irssi.log
/load otr
/load keysync
/keysync status
/help keysync
/quit
EOF
TERM=xterm timeout 60 script -qec "irssi --home=$irssi_home --noconnect" /dev/null </dev/null >/dev/null 2>&1 ||
  fail "irssi did not run to /quit"
log=$work/irssi.log
[ -f "$log" ] || fail "irssi wrote no window log"
grep -q 'Loaded module keysync/core' "$log" || fail_log "$log" "irssi did not load $module"
grep -q 'keysync: account test@example.org' "$log" || fail_log "$log" "/keysync status in irssi did not list the OTR module's key"
grep -q 'KEYSYNC \[status' "$log" || fail_log "$log" "/help keysync found no help file in irssi"
passed "irssi loads $module; /keysync status and /help keysync answer"

# --- WeeChat: the plugin autoloaded from WeeChat's plugin dir, in weechat-headless (HOSTS.md §5)
plugin=$(installed weechat-plugin-keysync /weechat/plugins/keysync.so)
timeout 60 weechat-headless --dir "$work/weechat" -r "/keysync status;/quit" >/dev/null 2>&1 ||
  fail "weechat-headless did not run to /quit"
log=$work/weechat/logs/core.weechat.weechatlog
[ -f "$log" ] || fail "weechat-headless wrote no core log"
grep -Eq 'Plugins loaded: (.*, )?keysync(,|$)' "$log" || fail_log "$log" "weechat-headless did not autoload $plugin"
grep -q 'keysync: account test@example.org (prpl-irc)' "$log" || fail_log "$log" "/keysync status in WeeChat did not list otr.py's key"
passed "weechat-headless loads $plugin; /keysync status answers"

# --- Pidgin: libpurple finds the plugin in its own plugin dir; the real Pidgin with pidgin-otr
# loads it under Xvfb and its status reads pidgin-otr's live state (HOSTS.md §3)
plugin=$(installed pidgin-keysync /purple-2/keysync.so)
if command -v pkg-config >/dev/null && pkg-config --exists purple; then
  [ "$(dirname "$plugin")" = "$(pkg-config --variable=plugindir purple)" ] || fail "$plugin is not in purple's plugindir"
fi
otr_plugin=$(dpkg -L pidgin-otr 2>/dev/null | grep '/pidgin-otr\.so$' | head -n 1)
[ -n "$otr_plugin" ] || fail "pidgin-otr is not installed (.ci/install-deps installs it)"
cfg=$work/pidgin
mkdir -p "$cfg"
cp "$fixtures/pidgin/otr.private_key" "$fixtures/pidgin/otr.fingerprints" "$cfg/"
cat >"$cfg/prefs.xml" <<EOF
<?xml version='1.0' encoding='UTF-8' ?>
<pref version='1' name='/'>
 <pref name='pidgin'>
  <pref name='plugins'>
   <pref name='loaded' type='pathlist'>
    <item value='$otr_plugin'/>
    <item value='$plugin'/>
   </pref>
  </pref>
 </pref>
</pref>
EOF
rm -f "$cfg/probe.txt"
timeout 60 xvfb-run -a env KEYSYNC_AUTORUN=status KEYSYNC_AUTOQUIT=0 KEYSYNC_PROBE_OUT="$cfg/probe.txt" \
  pidgin -c "$cfg" >"$work/pidgin.log" 2>&1 || fail_log "$work/pidgin.log" "pidgin did not run and quit"
[ -s "$cfg/probe.txt" ] || fail_log "$work/pidgin.log" "pidgin did not load $plugin (it wrote no status)"
grep -q "^pidgin-otr's live state:" "$cfg/probe.txt" || fail_log "$cfg/probe.txt" "KeySync in Pidgin did not reach pidgin-otr's live state"
grep -q 'account ' "$cfg/probe.txt" || fail_log "$cfg/probe.txt" "KeySync's status in Pidgin listed no account"
passed "pidgin loads $plugin; its status answers"

echo "test-packages: $checks checks passed; ${#packages[@]} packages built in ${build_seconds}s and installed"
