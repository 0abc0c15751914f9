#!/bin/bash
# tendctl-rt.sh: `tendctl accounts add --kind rt`, `tendctl --account NAME
# sync` and `accounts remove` against the real RT that rt-integration.sh
# started and seeded (its TEND_RT_* variables), with the secret in a
# throw-away keyring: with the agent's token, then with its password.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: rt-integration.sh bash tendctl-rt.sh PATH-TO-TENDCTL TEST-SESSION-SH

set -euo pipefail

TENDCTL=${1:?usage: tendctl-rt.sh PATH-TO-TENDCTL TEST-SESSION-SH}
TEST_SESSION=${2:?usage: tendctl-rt.sh PATH-TO-TENDCTL TEST-SESSION-SH}

# The secret goes into a keyring: never the developer's own. Outside the
# private session of test-session.sh, start one and run again inside it.
case "${HOME:-}" in
  */tend-test-session.*) ;;
  *)
    if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
      echo "# skipped: needs dbus-run-session and gnome-keyring-daemon for a private keyring"
      exit 77
    fi
    exec dbus-run-session -- bash "$TEST_SESSION" bash "$0" "$@"
    ;;
esac

: "${TEND_RT_URL:?run me through rt-integration.sh}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tendctl-rt-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

fail () { echo "FAIL: $*" >&2; exit 1; }
step () { echo "# $*"; }

# run ARGS… <input: tendctl, its output in $tmp/out and $tmp/err.
run () {
  rc=0
  "$TENDCTL" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# The seeded instance holds five tickets, one of them deleted: four to sync,
# with 4 + 2 + 1 + 2 public and internal messages.
check_account () {
  local name=$1 secret=$2

  step "accounts add --kind rt ($name)"
  run accounts add --kind rt --url "$TEND_RT_URL" --login "$TEND_RT_LOGIN" --name "$name" --token-stdin <<<"$secret"
  [ $rc = 0 ] || fail "accounts add: status $rc: $(cat "$tmp/err")"
  grep -q "signed in as $TEND_RT_LOGIN" "$tmp/out" || fail "accounts add said: $(cat "$tmp/out")"
  grep -rqF -- "$secret" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$tmp/out" "$tmp/err" && fail "the secret is on disk or printed"

  run accounts list
  grep -E "^$name +rt +${TEND_RT_URL//./\\.} +$TEND_RT_LOGIN " "$tmp/out" >/dev/null || fail "accounts list: $(cat "$tmp/out")"

  step "--account $name sync"
  run --account "$name" sync </dev/null
  [ $rc = 0 ] || fail "sync: status $rc: $(cat "$tmp/err")"
  grep -q "^synced [45] tickets" "$tmp/out" || fail "sync said: $(cat "$tmp/out")"

  run --account "$name" stats </dev/null
  [ $rc = 0 ] || fail "stats: status $rc: $(cat "$tmp/err")"
  grep -qx 'tickets 4' "$tmp/out" || fail "stats: $(cat "$tmp/out")"
  grep -qx 'comments 9' "$tmp/out" || fail "stats: $(cat "$tmp/out")"

  step "accounts remove $name"
  run accounts remove "$name" </dev/null
  [ $rc = 0 ] || fail "accounts remove: status $rc: $(cat "$tmp/err")"
  run accounts list
  grep -q "^$name " "$tmp/out" && fail "still listed after remove: $(cat "$tmp/out")"
  return 0
}

check_account rt-token "$TEND_RT_TOKEN"
check_account rt-password "$TEND_RT_AGENT_PASSWORD"

step "a wrong token is refused and nothing is saved"
run accounts add --kind rt --url "$TEND_RT_URL" --login "$TEND_RT_LOGIN" --name bad --token-stdin <<<"1-999-0123456789abcdef0123456789abcdef"
[ $rc = 1 ] || fail "a wrong token: status $rc"
run accounts list
[ ! -s "$tmp/out" ] || fail "listed after a refused add: $(cat "$tmp/out")"

step "--kind rt needs --login, not --email"
run accounts add --kind rt --url "$TEND_RT_URL" --email a@b.c --token-stdin </dev/null
[ $rc = 2 ] || fail "--email with --kind rt: status $rc"

echo "# all passed"
