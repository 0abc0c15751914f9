#!/bin/bash
# test-tendctl-sync.sh: `tendctl demo-server` and `tendctl sync` end to end:
# the server's first line, a full sync that reproduces the server's data, a
# fast incremental sync, the failures (wrong token, closed port, plain
# http:// to another computer, no token), Ctrl+C, and a SIGKILL half-way
# followed by a sync that neither loses nor duplicates anything.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-tendctl-sync.sh PATH-TO-TENDCTL

set -eu

TENDCTL=${1:?usage: test-tendctl-sync.sh PATH-TO-TENDCTL}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-tendctl-sync-XXXXXX")
servers=()
# stop PID: SIGTERM, and SIGKILL if that was not enough within 5 s, so
# that a failing test never hangs on its server.
stop () {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup () {
  for pid in "${servers[@]}"; do
    stop "$pid"
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Fixed so that the reference database below gets the same data as the
# servers; any time in the past will do.
ANCHOR=1700000000

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

step () {
  echo "# $*"
}

# expect_error STATUS PATTERN COMMAND…: the command fails with STATUS and
# prints exactly one "tendctl: …" line on stderr matching PATTERN
# (case-insensitive), and nothing on stdout. Reads stdin from $tmp/in.
expect_error () {
  local status=$1 pattern=$2 rc=0
  shift 2
  "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$status" ] || fail "“$*” exited with $rc, expected $status; stderr: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "“$*” printed $(wc -l <"$tmp/err") lines on stderr: $(cat "$tmp/err")"
  grep -q '^tendctl: ' "$tmp/err" || fail "“$*”: stderr does not start with “tendctl: ”: $(cat "$tmp/err")"
  grep -qi -- "$pattern" "$tmp/err" || fail "“$*”: stderr does not match “$pattern”: $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] || fail "“$*” printed on stdout: $(cat "$tmp/out")"
  echo "#   $status: $(cat "$tmp/err")"
}

# start_server NAME ARGS…: runs `tendctl demo-server ARGS…` in the
# background and waits for its first line; sets url, email and token.
start_server () {
  local name=$1 pid line=
  shift
  # Created here: the server's redirection happens in the child, maybe
  # after the first look below.
  : >"$tmp/$name.out"
  "$TENDCTL" demo-server --anchor "$ANCHOR" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  servers+=("$pid")
  for _ in $(seq 300); do
    line=$(head -n1 "$tmp/$name.out")
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || fail "demo-server $* exited: $(cat "$tmp/$name.err")"
    sleep 0.1
  done
  [ -n "$line" ] || fail "demo-server $* printed nothing in 30 s"
  [[ "$line" =~ ^url=(http://127\.0\.0\.1:[0-9]+)\ email=([^ ]+@[^ ]+)\ token=([^ ]+)$ ]] \
    || fail "demo-server's first line is not “url=http://127.0.0.1:PORT email=EMAIL token=TOKEN”: $line"
  url=${BASH_REMATCH[1]}
  email=${BASH_REMATCH[2]}
  token=${BASH_REMATCH[3]}
  server_pid=$pid
}

# count DB KIND: the number `tendctl stats` gives for KIND.
count () {
  "$TENDCTL" --db "$1" stats | awk -v kind="$2" '$1 == kind { print $2 }'
}

# run_sync DB: tendctl sync against the current server, token on stdin.
run_sync () {
  printf '%s\n' "$token" | "$TENDCTL" --db "$1" sync --url "$url" --email "$email" --token-stdin
}

# start_sync DB OUT ERR: the same in the background, as one process so that
# $sync_pid is tendctl's own (not a subshell's) for the signals below.
start_sync () {
  printf '%s\n' "$token" >"$tmp/token"
  "$TENDCTL" --db "$1" sync --url "$url" --email "$email" --token-stdin <"$tmp/token" >"$2" 2>"$3" &
  sync_pid=$!
}

# ------------------------------------------------------------ reference
# The demo server fills itself from the same generator as `tendctl
# generate`: the same seed, size and anchor give the counts to expect.
step "reference data"
"$TENDCTL" --db "$tmp/reference.db" generate --tickets 300 --seed 11 --now "$ANCHOR" >/dev/null
ref_tickets=$(count "$tmp/reference.db" tickets)
ref_comments=$(count "$tmp/reference.db" comments)
[ "$ref_tickets" -eq 300 ] || fail "reference has $ref_tickets tickets"
[ "$ref_comments" -gt 300 ] || fail "reference has only $ref_comments comments"
echo "#   $ref_tickets tickets, $ref_comments comments"

# --------------------------------------------------------------- server
: >"$tmp/in"
step "demo-server: first line"
start_server main --tickets 300 --seed 11
echo "#   $url $email"
kill -0 "$server_pid" || fail "demo-server did not keep running"
expect_error 2 'tickets' "$TENDCTL" demo-server --tickets -4
expect_error 2 'faults' "$TENDCTL" demo-server --faults 'bogus=1'
expect_error 2 'role' "$TENDCTL" demo-server --role customer

# ----------------------------------------------------------- full sync
step "sync: full"
db=$tmp/synced.db
run_sync "$db" >"$tmp/sync1" 2>"$tmp/sync1.err" || fail "sync failed: $(cat "$tmp/sync1.err")"
cat "$tmp/sync1"
[ "$(wc -l <"$tmp/sync1")" -eq 1 ] || fail "sync printed more than the summary: $(cat "$tmp/sync1")"
grep -Eq "^synced 300 tickets, $ref_comments comments in [0-9]+\.[0-9] s$" "$tmp/sync1" \
  || fail "unexpected summary (expected 300 tickets, $ref_comments comments): $(cat "$tmp/sync1")"
[ ! -s "$tmp/sync1.err" ] || fail "sync wrote on stderr when not on a terminal: $(cat "$tmp/sync1.err")"
[ "$(count "$db" tickets)" -eq "$ref_tickets" ] || fail "stats: $(count "$db" tickets) tickets, expected $ref_tickets"
[ "$(count "$db" comments)" -eq "$ref_comments" ] || fail "stats: $(count "$db" comments) comments, expected $ref_comments"
[ "$(count "$db" articles)" -eq "$(count "$tmp/reference.db" articles)" ] || fail "articles differ from the reference"
"$TENDCTL" --db "$db" list all --count | grep -qx "$ref_tickets" || fail "list all --count differs"

step "sync: incremental"
start=$(date +%s%N)
run_sync "$db" >"$tmp/sync2" 2>&1 || fail "second sync failed: $(cat "$tmp/sync2")"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$tmp/sync2"
grep -Eq '^synced 0 tickets, [0-9]+ comments in [0-9]+\.[0-9] s$' "$tmp/sync2" \
  || fail "the second sync fetched tickets again: $(cat "$tmp/sync2")"
[ "$elapsed_ms" -lt 3000 ] || fail "the incremental sync took $elapsed_ms ms"
[ "$(count "$db" tickets)" -eq "$ref_tickets" ] || fail "tickets changed after an incremental sync"
[ "$(count "$db" comments)" -eq "$ref_comments" ] || fail "comments changed after an incremental sync"
echo "#   $elapsed_ms ms"

# --------------------------------------------------------------- errors
step "sync: errors"
printf 'not-the-token\n' >"$tmp/in"
# A retry would wait at least this long: a quick failure means none.
start=$(date +%s%N)
TEND_HTTP_BASE_DELAY_MS=3000 expect_error 1 'token' \
  "$TENDCTL" --db "$tmp/wrong.db" sync --url "$url" --email "$email" --token-stdin
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed_ms" -lt 2500 ] || fail "a refused token took $elapsed_ms ms: it was retried"
[ "$(count "$tmp/wrong.db" tickets)" -eq 0 ] || fail "a refused sync wrote tickets"

# A port nobody listens on: the one of a server that was stopped.
start_server closed --tickets 1 --seed 2
closed_url=$url
stop "$server_pid"
printf '%s\n' "$token" >"$tmp/in"
TEND_HTTP_BASE_DELAY_MS=10 expect_error 1 'refused\|reach\|connect' \
  "$TENDCTL" --db "$tmp/closed.db" sync --url "$closed_url" --email "$email" --token-stdin

# Back to the main server for the rest.
line=$(head -n1 "$tmp/main.out")
[[ "$line" =~ ^url=([^ ]+)\ email=([^ ]+)\ token=([^ ]+)$ ]]
url=${BASH_REMATCH[1]} email=${BASH_REMATCH[2]} token=${BASH_REMATCH[3]}

printf '%s\n' "$token" >"$tmp/in"
expect_error 1 'http://' "$TENDCTL" --db "$tmp/plain.db" sync --url http://example.com \
  --email "$email" --token-stdin
[ ! -e "$tmp/plain.db" ] || fail "a refused address still created the database"
expect_error 1 'http://' "$TENDCTL" --db "$tmp/plain.db" sync --url http://10.1.2.3:8080 \
  --email "$email" --token-stdin

# Never from the command line, and not silently from a pipe either.
expect_error 1 'token-stdin' "$TENDCTL" --db "$tmp/none.db" sync --url "$url" --email "$email"
: >"$tmp/in"
expect_error 1 'empty' "$TENDCTL" --db "$tmp/none.db" sync --url "$url" --email "$email" --token-stdin
expect_error 2 'url' "$TENDCTL" --db "$tmp/none.db" sync --email "$email" --token-stdin
expect_error 2 'account' "$TENDCTL" --db "$tmp/none.db" --account x sync

# wait_for_progress DB: returns once the sync $sync_pid has committed its
# first page (about a second in, more under a sanitizer), while it still
# has most of its pages to go.
wait_for_progress () {
  for _ in $(seq 600); do
    kill -0 "$sync_pid" 2>/dev/null || fail "the slow sync ended before it could be interrupted"
    local n=
    [ -e "$1" ] && n=$(count "$1" tickets 2>/dev/null)
    [ "${n:-0}" -gt 0 ] && return 0
    sleep 0.1
  done
  fail "the slow sync committed nothing in a minute"
}

# ------------------------------------------------------- interruptions
# A slow server makes the sync last a few seconds: 3000 tickets with
# about 15,000 comments come in some 20 pages of 1000, each 150 ms late.
step "reference data for the interrupted syncs"
"$TENDCTL" --db "$tmp/reference-big.db" generate --tickets 3000 --seed 12 --now "$ANCHOR" >/dev/null
big_tickets=$(count "$tmp/reference-big.db" tickets)
big_comments=$(count "$tmp/reference-big.db" comments)
echo "#   $big_tickets tickets, $big_comments comments"
start_server slow --tickets 3000 --seed 12 --faults slow-ms=150

step "sync: SIGKILL half-way, then again"
db=$tmp/killed.db
start_sync "$db" "$tmp/killed.out" "$tmp/killed.out"
wait_for_progress "$db"
kill -9 "$sync_pid"
wait "$sync_pid" 2>/dev/null && fail "the killed sync exited successfully"
[ ! -s "$tmp/killed.out" ] || fail "the killed sync printed: $(cat "$tmp/killed.out")"
partial_tickets=$(count "$db" tickets)
partial_comments=$(count "$db" comments)
echo "#   after the kill: $partial_tickets tickets, $partial_comments comments"
[ "$partial_comments" -lt "$big_comments" ] || fail "the sync had finished before the kill"

run_sync "$db" >"$tmp/resumed" 2>&1 || fail "the sync after the kill failed: $(cat "$tmp/resumed")"
cat "$tmp/resumed"
[ "$(count "$db" tickets)" -eq "$big_tickets" ] || fail "after the kill: $(count "$db" tickets) tickets, expected $big_tickets"
[ "$(count "$db" comments)" -eq "$big_comments" ] || fail "after the kill: $(count "$db" comments) comments, expected $big_comments"

step "sync: Ctrl+C, then again"
db=$tmp/interrupted.db
start_sync "$db" "$tmp/int.out" "$tmp/int.err"
wait_for_progress "$db"
kill -INT "$sync_pid"
rc=0
wait "$sync_pid" || rc=$?
[ "$rc" -eq 1 ] || fail "an interrupted sync exited with $rc: $(cat "$tmp/int.err")"
[ "$(wc -l <"$tmp/int.err")" -eq 1 ] && grep -qi '^tendctl: .*resume' "$tmp/int.err" \
  || fail "an interrupted sync must say in one line that it can resume: $(cat "$tmp/int.err")"
[ ! -s "$tmp/int.out" ] || fail "an interrupted sync printed a summary: $(cat "$tmp/int.out")"
echo "#   $(cat "$tmp/int.err")"
run_sync "$db" >/dev/null 2>&1 || fail "the sync after Ctrl+C failed"
[ "$(count "$db" tickets)" -eq "$big_tickets" ] || fail "after Ctrl+C: $(count "$db" tickets) tickets"
[ "$(count "$db" comments)" -eq "$big_comments" ] || fail "after Ctrl+C: $(count "$db" comments) comments"

# ---------------------------------------------------------------- bench
# Small, for its output and its own check that the synced database equals
# the server (it fails otherwise); the figures are for the README.
step "bench sync"
"$TENDCTL" bench sync --tickets 200 >"$tmp/bench" 2>&1 || fail "bench sync failed: $(cat "$tmp/bench")"
cat "$tmp/bench"
grep -Eq '^sync 200 tickets [0-9]+ comments in [0-9.]+ s: [0-9]+ tickets/s$' "$tmp/bench" \
  || fail "bench sync does not report the rate"
grep -Eq '^main loop longest stall [0-9.]+ ms' "$tmp/bench" || fail "bench sync does not report the stall"

echo "# all tendctl sync tests passed"
