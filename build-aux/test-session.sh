#!/usr/bin/env bash
# Runs a command inside the private D-Bus session of a test run, with a
# throw-away home and an unlocked gnome-keyring, so libsecret tests talk to a
# real Secret Service and never touch the developer's own keyring.
set -euo pipefail

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tend-test-session.XXXXXX")
trap 'kill "${keyring_pid:-0}" 2>/dev/null || true; rm -rf "$scratch"' EXIT

export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"

# --unlock reads the login keyring's password on stdin and creates the
# keyring when there is none; the daemon then serves org.freedesktop.secrets.
if command -v gnome-keyring-daemon >/dev/null; then
  eval "$(printf 'tend-tests' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  keyring_pid=${GNOME_KEYRING_PID:-}
fi

"$@"
