#!/usr/bin/env bash
# Runs a command inside the private D-Bus session of a test run, with a
# throw-away home and an unlocked gnome-keyring, so libsecret tests talk to a
# real Secret Service and never touch the developer's own keyring.
set -euo pipefail

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tend-test-session.XXXXXX")
keyring_pid=
cleanup() {
  if [ -n "$keyring_pid" ]; then kill "$keyring_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"

# The daemon runs in the foreground as our child so that we know its pid;
# --unlock reads the login keyring's password on stdin and creates the
# keyring when there is none; it then serves org.freedesktop.secrets.
if command -v gnome-keyring-daemon >/dev/null; then
  printf 'tend-tests' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$scratch/keyring.env" 2>"$scratch/keyring.log" &
  keyring_pid=$!
  for _ in $(seq 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
      break
    fi
    sleep 0.1
  done
fi

"$@"
