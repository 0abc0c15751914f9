#!/bin/bash
# test-tendctl-accounts.sh: `tendctl accounts add|list|remove` and
# `tendctl --account NAME sync` against the demo helpdesk, with the token in
# the keyring of the test session: the round trip, every validation error
# (nothing saved after one), and the token nowhere on disk in clear nor in
# anything tendctl printed.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-tendctl-accounts.sh PATH-TO-TENDCTL
#
# Needs the private D-Bus session and keyring of build-aux/test-session.sh;
# anywhere else it skips (exit 77) rather than write into a real keyring.

set -eu

TENDCTL=${1:?usage: test-tendctl-accounts.sh PATH-TO-TENDCTL}

case "${HOME:-}" in
  */tend-test-session.*) ;;
  *)
    echo "# skipped: needs the keyring of build-aux/test-session.sh" \
         "(dbus-run-session -- build-aux/test-session.sh meson test …)"
    exit 77
    ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-tendctl-accounts-XXXXXX")
server_pid=
script_pid=
cleanup () {
  if [ -n "$script_pid" ]; then
    kill -9 "$script_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; then
    # SIGKILL if SIGTERM was not enough: a failing test must not hang.
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The session's own directories hold the keyring; tendctl gets fresh ones
# of its own, so that what it writes is all that is searched for the
# token and other tests running at the same time do not mix in.
session_dirs=("$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME")
export XDG_DATA_HOME=$tmp/xdg/data XDG_CONFIG_HOME=$tmp/xdg/config
export XDG_CACHE_HOME=$tmp/xdg/cache XDG_STATE_HOME=$tmp/xdg/state
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
# Everything tendctl prints is kept here and searched for the token too.
printed=$tmp/printed
mkdir "$printed"
n_runs=0

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

step () {
  echo "# $*"
}

# t ARGS…: tendctl with stdin from $tmp/in; output kept in $tmp/out,
# $tmp/err and under $printed; returns its exit status in rc.
t () {
  rc=0
  "$TENDCTL" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" || rc=$?
  n_runs=$((n_runs + 1))
  cp "$tmp/out" "$printed/$n_runs.out"
  cp "$tmp/err" "$printed/$n_runs.err"
}

# expect_error STATUS PATTERN ARGS…: exactly one "tendctl: …" line on
# stderr matching PATTERN (case-insensitive), nothing on stdout.
expect_error () {
  local status=$1 pattern=$2
  shift 2
  t "$@"
  [ "$rc" -eq "$status" ] || fail "“tendctl $*” exited with $rc, expected $status; stderr: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "“tendctl $*” printed $(wc -l <"$tmp/err") lines on stderr: $(cat "$tmp/err")"
  grep -q '^tendctl: ' "$tmp/err" || fail "“tendctl $*”: stderr does not start with “tendctl: ”: $(cat "$tmp/err")"
  grep -qi -- "$pattern" "$tmp/err" || fail "“tendctl $*”: stderr does not match “$pattern”: $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] || fail "“tendctl $*” printed on stdout: $(cat "$tmp/out")"
  echo "#   $status: $(cat "$tmp/err")"
}

expect_ok () {
  t "$@"
  [ "$rc" -eq 0 ] || fail "“tendctl $*” exited with $rc: $(cat "$tmp/err")"
}

# The saved state: the accounts file and the data directories.
snapshot () {
  { cat "$XDG_CONFIG_HOME/tend/accounts.ini" 2>/dev/null || true; ls -R "$XDG_DATA_HOME"; }
}

# ------------------------------------------------------------- a server
# A seed of its own gives a token nobody else's test has seen, so any
# match below is this test's leak.
seed=$(( ($(date +%s%N) / 1000) % 1000000000 + 1000 ))
: >"$tmp/server.out"
"$TENDCTL" demo-server --tickets 200 --seed "$seed" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
line=
for _ in $(seq 300); do
  line=$(head -n1 "$tmp/server.out")
  [ -n "$line" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "demo-server exited: $(cat "$tmp/server.err")"
  sleep 0.1
done
[[ "$line" =~ ^url=(http://127\.0\.0\.1:([0-9]+))\ email=([^ ]+)\ token=([^ ]+)$ ]] \
  || fail "unexpected first line from demo-server: $line"
url=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]} email=${BASH_REMATCH[3]} token=${BASH_REMATCH[4]}
[ "${#token}" -ge 20 ] || fail "the demo token is too short to search for: $token"
echo "# demo helpdesk at $url"

# ------------------------------------------------------ refused accounts
step "accounts add: validation errors save nothing"
: >"$tmp/in"
expect_ok accounts list
[ ! -s "$tmp/out" ] || fail "a fresh list is not empty: $(cat "$tmp/out")"
before=$(snapshot)

printf 'wrong-token-%s\n' "$seed" >"$tmp/in"
expect_error 1 'token' accounts add --kind zendesk --url "$url" --email "$email" --name Demo --token-stdin

# A port nobody listens on (this server's, plus one, is as good as any:
# checked free just before).
closed=$((port + 1))
while (echo >/dev/tcp/127.0.0.1/$closed) 2>/dev/null; do closed=$((closed + 1)); done
printf '%s\n' "$token" >"$tmp/in"
TEND_HTTP_BASE_DELAY_MS=10 expect_error 1 'refused\|reach\|connect' \
  accounts add --kind zendesk --url "http://127.0.0.1:$closed" --email "$email" --name Demo --token-stdin

expect_error 1 'http://' accounts add --kind zendesk --url http://helpdesk.example.com --email "$email" --token-stdin
expect_error 1 'http://' accounts add --url http://192.0.2.7:8080 --email "$email" --token-stdin
# An RT account signs in with a login, not an email (the RT round trip is
# in tests/integration/tendctl-rt.sh, against a real RT).
expect_error 2 'login' accounts add --kind rt --url https://rt.example.com --email "$email" --token-stdin
expect_error 2 'kind' accounts add --kind freshdesk --url "$url" --email "$email" --token-stdin
expect_error 2 'email' accounts add --kind zendesk --url "$url" --token-stdin
# Not a terminal and no --token-stdin: an error, not a token from nowhere.
expect_error 1 'token-stdin' accounts add --kind zendesk --url "$url" --email "$email" --name Demo
: >"$tmp/in"
expect_error 1 'empty' accounts add --kind zendesk --url "$url" --email "$email" --name Demo --token-stdin

[ "$(snapshot)" = "$before" ] || fail "a refused account left something behind: $(snapshot)"

# ------------------------------------------------------------ round trip
step "accounts add"
printf '%s\n' "$token" >"$tmp/in"
expect_ok accounts add --kind zendesk --url "$url" --email "$email" --name "Demo Desk" --token-stdin
cat "$tmp/out"
grep -q 'Demo Desk' "$tmp/out" || fail "add does not name the account: $(cat "$tmp/out")"
grep -q 'admin' "$tmp/out" || fail "add does not say the role seen: $(cat "$tmp/out")"
grep -q '^\[' "$XDG_CONFIG_HOME/tend/accounts.ini" || fail "no accounts.ini"
expect_error 1 'exists' accounts add --kind zendesk --url "$url" --email "$email" --name "demo desk" --token-stdin

step "accounts list"
: >"$tmp/in"
expect_ok accounts list
cat "$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "list must print one line per account: $(cat "$tmp/out")"
read -r -a fields <<<"$(sed 's/Demo Desk/Demo_Desk/' "$tmp/out")"
[ "${#fields[@]}" -eq 6 ] || fail "list must give name, kind, url, login, role, id: $(cat "$tmp/out")"
[ "${fields[0]}" = Demo_Desk ] && [ "${fields[1]}" = zendesk ] && [ "${fields[2]}" = "$url" ] &&
  [ "${fields[3]}" = "$email" ] && [ "${fields[4]}" = admin ] || fail "unexpected list line: $(cat "$tmp/out")"
id=${fields[5]}
grep -qF "[$id]" "$XDG_CONFIG_HOME/tend/accounts.ini" || fail "the id $id is not in accounts.ini"
# The token went to the keyring, under the account's id.
if command -v secret-tool >/dev/null; then
  [ "$(secret-tool lookup account "$id" 2>/dev/null)" = "$token" ] \
    || fail "the keyring does not hold the token under account=$id"
fi

step "--account sync"
expect_ok --account "Demo Desk" sync
cat "$tmp/out"
grep -Eq '^synced 200 tickets, [0-9]+ comments in [0-9]+\.[0-9] s$' "$tmp/out" || fail "unexpected summary: $(cat "$tmp/out")"
db=$XDG_DATA_HOME/tend/$id/store.db
[ -f "$db" ] || fail "the account's store is not at $db"
expect_ok --account "demo desk" stats
grep -qx 'tickets 200' "$tmp/out" || fail "stats through --account: $(cat "$tmp/out")"
expect_ok --db "$db" search refund
expect_ok --account "Demo Desk" sync
grep -Eq '^synced 0 tickets' "$tmp/out" || fail "the second --account sync is not incremental: $(cat "$tmp/out")"
expect_error 1 'no account' --account Nobody sync
expect_error 2 'account' --account "Demo Desk" sync --url "$url"

step "the token is nowhere in clear"
for dir in "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "${session_dirs[@]}" "$printed"; do
  if grep -rlaF -- "$token" "$dir" >"$tmp/leaks" 2>/dev/null; then
    fail "the token is in clear in: $(tr '\n' ' ' <"$tmp/leaks")"
  fi
done
for f in "$db" "$db-wal"; do
  if [ -e "$f" ] && grep -qaF -- "$token" "$f"; then
    fail "the token is in the database file $f"
  fi
done
echo "#   searched $(find "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "${session_dirs[@]}" "$printed" -type f | wc -l) files"

step "accounts remove"
expect_error 1 'no account' accounts remove Nobody
expect_ok accounts remove "Demo Desk"
cat "$tmp/out"
expect_ok accounts list
[ ! -s "$tmp/out" ] || fail "the account is still listed: $(cat "$tmp/out")"
[ ! -e "$XDG_DATA_HOME/tend/$id" ] || fail "the account's data is still in $XDG_DATA_HOME/tend/$id"
expect_error 1 'no account' --account "Demo Desk" sync
expect_error 1 'no account' accounts remove "Demo Desk"
if command -v secret-tool >/dev/null; then
  if secret-tool lookup account "$id" >"$tmp/secret" 2>/dev/null && [ -s "$tmp/secret" ]; then
    fail "the keyring still holds the token of the removed account"
  fi
fi

# ------------------------------------------------------ on a terminal
# Without --token-stdin on a terminal the token is asked for, and what is
# typed is not echoed. script(1) gives tendctl a terminal; the token is
# typed only once the prompt is there, as a person would (typing ahead is
# thrown away when echo goes off).
if command -v script >/dev/null; then
  step "accounts add on a terminal: the prompt does not echo"
  mkfifo "$tmp/keyboard"
  command=$(printf '%q ' "$TENDCTL" accounts add --url "$url" --email "$email" --name Prompted)
  script -qfc "$command" /dev/null <"$tmp/keyboard" >"$tmp/typescript" 2>&1 &
  script_pid=$!
  exec 7>"$tmp/keyboard"
  for _ in $(seq 100); do
    grep -q 'API token:' "$tmp/typescript" && break
    sleep 0.1
  done
  grep -q 'API token:' "$tmp/typescript" || fail "no prompt for the token on a terminal: $(cat "$tmp/typescript")"
  printf '%s\n' "$token" >&7
  rc=0
  wait "$script_pid" || rc=$?
  script_pid=
  exec 7>&-
  cp "$tmp/typescript" "$printed/typescript"
  cat -v "$tmp/typescript"
  [ "$rc" -eq 0 ] || fail "accounts add on a terminal exited with $rc"
  grep -q 'Added “Prompted”' "$tmp/typescript" || fail "the prompted add did not add the account"
  ! grep -qaF -- "$token" "$tmp/typescript" || fail "the token was echoed on the terminal"
  : >"$tmp/in"
  expect_ok accounts list
  grep -q '^Prompted ' "$tmp/out" || fail "the prompted account is not listed: $(cat "$tmp/out")"
  expect_ok accounts remove Prompted
fi

echo "# all tendctl accounts tests passed"
