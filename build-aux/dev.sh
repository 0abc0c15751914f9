#!/usr/bin/env bash
# dev.sh: set up, build, run and test Tend on Debian 12 (or a close relative).
#
#   build-aux/dev.sh run [ARGS…]   install what is missing, build, run `tend ARGS…`
#   build-aux/dev.sh test          install what is missing, build, run the whole test suite
#   build-aux/dev.sh build         install what is missing and build
#   build-aux/dev.sh bench-ui      the window's speed and memory on 100,000 tickets
#   build-aux/dev.sh deps          only install the Debian packages Tend needs
#
# Environment: TEND_BUILD_DIR (default _build), TEND_ASAN_BUILD_DIR (default
# _build-asan), TEND_SKIP_DEPS=1 to skip the package check.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${TEND_BUILD_DIR:-$top/_build}
asan_dir=${TEND_ASAN_BUILD_DIR:-$top/_build-asan}
bench_dir=${TEND_BENCH_BUILD_DIR:-$top/_build-bench}

# Everything comes from Debian's archive; nothing is fetched from elsewhere.
packages=(
  # toolchain and build system
  gcc libc6-dev meson ninja-build pkg-config python3 gettext itstool
  # libraries
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsecret-1-dev libsqlite3-dev sqlite3
  # validation of what data/ installs
  desktop-file-utils appstream
  # headless test session: X server, D-Bus, keyring for libsecret, software GL, fonts
  # (Droid Sans Fallback draws the demo's Chinese and Japanese names), icons
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools libgl1-mesa-dri
  fonts-cantarell fonts-dejavu-core fonts-noto-color-emoji fonts-droid-fallback adwaita-icon-theme
  # screenshots of the running app
  x11-apps imagemagick
  # the integration suite talks to Request Tracker with curl (it installs RT itself)
  curl ca-certificates
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_deps() {
  [ "${TEND_SKIP_DEPS:-0}" = 1 ] && return 0
  local missing=()
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "dev.sh: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$top" "$@" >/dev/null
  else
    say "Configuring $dir"
    meson setup "$dir" "$top" "$@"
  fi
}

build() {
  install_deps
  configure "$build_dir" -Dprofile=development
  say "Building"
  ninja -C "$build_dir"
}

# Run uninstalled: schemas and icons from the build and source trees.
uninstalled_env() {
  export GSETTINGS_SCHEMA_DIR="$build_dir/data"
  export XDG_DATA_DIRS="$top/data:$build_dir/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
}

cmd_run() {
  build
  uninstalled_env
  exec "$build_dir/src/ui/tend" "$@"
}

# Prints the closing line CI reads: "N passed, N failed".
summarize() {
  python3 - "$@" <<'PY'
import json, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    try:
        lines = open(log, encoding="utf-8").read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line).get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

cmd_test() {
  build
  say "Building the engine with AddressSanitizer and UndefinedBehaviorSanitizer"
  configure "$asan_dir" -Dui=false -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  ninja -C "$asan_dir"

  local rc=0
  say "Test suite (headless X, private D-Bus session, unlocked keyring)"
  xvfb-run -a -s '-screen 0 1600x1000x24' \
    dbus-run-session -- "$top/build-aux/test-session.sh" \
      meson test -C "$build_dir" --print-errorlogs --num-processes 2 "$@" || rc=1

  say "Engine tests under ASan/UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$top/build-aux/lsan.supp":print_suppressions=0 \
    dbus-run-session -- "$top/build-aux/test-session.sh" \
      meson test -C "$asan_dir" --print-errorlogs --num-processes 2 --suite unit || rc=1

  say "Screenshots of the UI tests: $build_dir/tests/ui/screenshots/"
  summarize "$build_dir/meson-logs/testlog.json" "$asan_dir/meson-logs/testlog.json"
  return $rc
}

# The window's figures on 100,000 cached tickets (tests/ui/bench-ui.c);
# TEND_BENCH_DB=FILE uses a cache of your own.
# The default profile, as users run it: the development one adds a striped
# header bar that is drawn again in every frame of a scroll.
cmd_bench_ui() {
  install_deps
  configure "$bench_dir" -Dprofile=default
  say "Building $bench_dir"
  ninja -C "$bench_dir"
  dbus-run-session -- "$top/build-aux/test-session.sh" \
    meson test -C "$bench_dir" --benchmark --suite bench --verbose "$@"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench-ui) shift; cmd_bench_ui "$@" ;;
  build) shift; build ;;
  deps) install_deps ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    [ -n "${1:-}" ] && exit 2 || exit 0 ;;
esac
