#!/bin/bash
# test-tendctl.sh: tendctl end to end, on a small generated database.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-tendctl.sh PATH-TO-TENDCTL

set -eu

TENDCTL=${1:?usage: test-tendctl.sh PATH-TO-TENDCTL}
NOW=$(date +%s)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-tendctl-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/helpdesk.db

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

step () {
  echo "# $*"
}

t () {
  "$TENDCTL" --db "$db" "$@"
}

# expect_error STATUS PATTERN COMMAND…: the command fails with STATUS,
# prints nothing on stdout and exactly one "tendctl: …" line on stderr that
# matches PATTERN (a case-insensitive grep pattern).
expect_error () {
  local status=$1 pattern=$2 rc=0
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$status" ] || fail "“$*” exited with $rc, expected $status; stderr: $(cat "$tmp/err")"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "“$*” printed $(wc -l <"$tmp/err") lines on stderr: $(cat "$tmp/err")"
  grep -q '^tendctl: ' "$tmp/err" || fail "“$*”: stderr does not start with “tendctl: ”: $(cat "$tmp/err")"
  grep -qi -- "$pattern" "$tmp/err" || fail "“$*”: stderr does not match “$pattern”: $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] || fail "“$*” printed on stdout: $(cat "$tmp/out")"
  echo "#   $status: $(cat "$tmp/err")"
}

# ---------------------------------------------------------------- generate
step "generate"
t generate --tickets 300 --seed 7 --now "$NOW" >"$tmp/gen"
grep -q '^Generated 300 tickets, [0-9]* comments, 106 users, 20 organizations, [0-9]* articles and [0-9]* macros in ' "$tmp/gen" \
  || fail "unexpected generate summary: $(cat "$tmp/gen")"
[ "$(wc -l <"$tmp/gen")" -eq 1 ] || fail "generate printed more than a summary line when not on a terminal"

# ------------------------------------------------------------------- stats
step "stats"
t stats >"$tmp/stats"
cat "$tmp/stats"
[ "$(wc -l <"$tmp/stats")" -eq 6 ] || fail "stats must print six lines"
printf '%s\n' tickets comments users organizations articles outbox >"$tmp/kinds"
cut -d' ' -f1 "$tmp/stats" | diff - "$tmp/kinds" >/dev/null || fail "stats kinds or order differ"
grep -Evq '^[a-z]+ [0-9]+$' "$tmp/stats" && fail "stats lines must be “kind N”"

stat_of () {
  awk -v k="$1" '$1 == k { print $2 }' "$tmp/stats"
}
[ "$(stat_of tickets)" -eq 300 ] || fail "tickets: $(stat_of tickets)"
[ "$(stat_of users)" -eq 106 ] || fail "users: $(stat_of users)"
[ "$(stat_of organizations)" -eq 20 ] || fail "organizations: $(stat_of organizations)"
[ "$(stat_of outbox)" -eq 0 ] || fail "outbox: $(stat_of outbox)"
[ "$(stat_of comments)" -ge 900 ] && [ "$(stat_of comments)" -le 2400 ] || fail "comments: $(stat_of comments)"
[ "$(stat_of articles)" -ge 90 ] || fail "articles: $(stat_of articles)"

# -------------------------------------------------------------------- list
step "list"
all=$(t list all --count)
[ "$all" -eq "$(stat_of tickets)" ] || fail "list all --count is $all, stats says $(stat_of tickets)"

declare -A count
for view in mine unassigned open pending recent solved all; do
  count[$view]=$(t list "$view" --count)
  t list "$view" >"$tmp/list-$view"
  lines=$(wc -l <"$tmp/list-$view")
  [ "$lines" -eq "${count[$view]}" ] || fail "list $view printed $lines lines, --count says ${count[$view]}"
  # Every line: id, then status.
  if grep -Evq '^[0-9]+ +(new|open|pending|hold|solved|closed) ' "$tmp/list-$view"; then
    fail "list $view: a line does not start with id and status: $(grep -Ev '^[0-9]+ +(new|open|pending|hold|solved|closed) ' "$tmp/list-$view" | head -1)"
  fi
  # No ticket twice.
  [ "$(awk '{ print $1 }' "$tmp/list-$view" | sort -u | wc -l)" -eq "$lines" ] || fail "list $view repeats a ticket"
  echo "#   $view: ${count[$view]}"
done

statuses () {
  awk '{ print $2 }' "$tmp/list-$1" | sort -u | tr '\n' ' '
}
for view in mine unassigned open; do
  statuses "$view" | grep -Eq '(solved|closed)' && fail "list $view shows solved tickets: $(statuses "$view")"
done
statuses pending | grep -Eq '(new|open|solved|closed)' && fail "list pending shows $(statuses pending)"
statuses solved | grep -Eq '(new|open|pending|hold)' && fail "list solved shows $(statuses solved)"

[ $((count[open] + count[solved])) -eq "${count[all]}" ] || fail "open + solved != all"
[ "${count[mine]}" -gt 0 ] || fail "nothing assigned to me"
[ "${count[unassigned]}" -gt 0 ] || fail "nothing unassigned"
[ "${count[recent]}" -gt 0 ] || fail "nothing recently updated"
[ $((count[mine] + count[unassigned])) -le "${count[open]}" ] || fail "mine + unassigned > open"
[ "${count[pending]}" -le "${count[open]}" ] || fail "pending > open"

# Ids run from 1001 up, one per ticket.
awk '{ print $1 }' "$tmp/list-all" | sort -n >"$tmp/ids"
[ "$(head -1 "$tmp/ids")" -eq 1001 ] && [ "$(tail -1 "$tmp/ids")" -eq 1300 ] || fail "ticket ids are not 1001..1300"

[ "$(t list all --limit 5 | wc -l)" -eq 5 ] || fail "list --limit 5"

# -------------------------------------------------------------------- show
step "show"
id=$(head -1 "$tmp/list-mine" | awk '{ print $1 }')
t show "$id" >"$tmp/show"
head -1 "$tmp/show" | grep -q "^#$id " || fail "show does not start with the ticket id: $(head -1 "$tmp/show")"
for field in Status Priority Type Requester Organization Assignee Group Submitter Tags Created Updated Messages Satisfaction; do
  grep -Eq "^  $field +" "$tmp/show" || fail "show lacks the $field field"
done
grep -Eq '^  Requester +.+ <[^ ]+@[^ ]+>$' "$tmp/show" || fail "show lacks the requester's name and e-mail"
grep -Eq '^  Assignee +Sam Rivera <sam.rivera@example.com>$' "$tmp/show" || fail "a ticket of “mine” is not assigned to me"
messages=$(awk '/^  Messages / { print $2 }' "$tmp/show")
[ "$(grep -c '^── ' "$tmp/show")" -eq "$messages" ] || fail "show lists $(grep -c '^── ' "$tmp/show") messages, says $messages"
[ "$messages" -ge 1 ] || fail "no conversation"
grep -Eq '^── 1/[0-9]+ · .* \(customer\) · public reply$' "$tmp/show" || fail "the first message is not the customer's"

# Internal notes are marked as such somewhere in the data set.
found_note=no
for id in $(awk '{ print $1 }' "$tmp/list-all" | head -40); do
  if t show "$id" | grep -q '(agent) · INTERNAL NOTE$'; then
    found_note=yes
    break
  fi
done
[ "$found_note" = yes ] || fail "no internal note in 40 tickets"

# Same seed, same data: a second database prints the same.
step "determinism"
db2=$tmp/again.db
"$TENDCTL" --db "$db2" generate --tickets 300 --seed 7 --now "$NOW" >/dev/null
"$TENDCTL" --db "$db2" list all | diff -q - "$tmp/list-all" >/dev/null || fail "same seed, different tickets"
"$TENDCTL" --db "$db2" show "$id" | diff -q - <(t show "$id") >/dev/null || fail "same seed, different ticket $id"

# ------------------------------------------------------------------ search
step "search"
t search refund >"$tmp/search"
[ -s "$tmp/search" ] || fail "no result for refund"
grep -Evq '^[0-9]+ +(new|open|pending|hold|solved|closed) ' "$tmp/search" && fail "search lines must start with id and status"
grep -qi '\[refund' "$tmp/search" || fail "no [highlight] in the snippets: $(head -3 "$tmp/search")"
grep -q $'\uE000' "$tmp/search" && fail "raw highlight marks in the output"
[ "$(wc -l <"$tmp/search")" -le 20 ] || fail "search prints more than its default limit"

t search --limit 50 refund status:open >"$tmp/search-open"
[ -s "$tmp/search-open" ] || fail "no open refund ticket"
awk '{ print $2 }' "$tmp/search-open" | grep -vqx open && fail "status:open returned other statuses"

t search --limit 100 refund >"$tmp/refund-all"
t search --limit 100 refund -partial >"$tmp/refund-not-partial"
[ "$(wc -l <"$tmp/refund-not-partial")" -le "$(wc -l <"$tmp/refund-all")" ] || fail "-word added results"
# Options come first; after --, a leading -word is part of the query.
t search --limit 100 -- -partial refund | diff -q - "$tmp/refund-not-partial" >/dev/null \
  || fail "a query starting with -word after -- differs"
t search nosuchwordanywhere >"$tmp/none"
[ ! -s "$tmp/none" ] || fail "a word that is nowhere found tickets"

# ------------------------------------------------------------------ errors
step "errors"
expect_error 1 'no database' t --db "$tmp/missing.db" stats
[ ! -e "$tmp/missing.db" ] || fail "a read command created the database"
expect_error 1 'no database' "$TENDCTL" --db "$tmp/missing.db" list mine
expect_error 1 'no ticket' t show 999999
expect_error 2 'not a ticket id' t show abc
expect_error 2 'show needs' t show
expect_error 2 'unknown view' t list bogus
expect_error 2 'needs a view' t list
expect_error 1 'valid UTF-8' t search $'\xff\xfe'
expect_error 2 'nothing to search' t search ''
expect_error 2 'needs a query' t search

printf 'this is not an SQLite database, just text that is long enough to have a header\n%.0s' $(seq 50) >"$tmp/corrupt.db"
expect_error 1 'not a database' "$TENDCTL" --db "$tmp/corrupt.db" stats

# A database from a newer Tend: bump user_version (offset 60 of the header,
# big-endian) of a closed, checkpointed copy.
cp "$db" "$tmp/newer.db"
printf '\x00\x00\x03\xe7' | dd of="$tmp/newer.db" bs=1 seek=60 count=4 conv=notrunc status=none
expect_error 1 'newer version' "$TENDCTL" --db "$tmp/newer.db" stats
expect_error 1 'newer version' "$TENDCTL" --db "$tmp/newer.db" list mine

expect_error 2 'no database given' "$TENDCTL" stats
expect_error 2 'unknown command' "$TENDCTL" --db "$db" frobnicate
expect_error 2 'no command' "$TENDCTL" --db "$db"
expect_error 2 'unknown option' "$TENDCTL" --db "$db" --bogus stats
expect_error 2 'unknown option' t list mine --bogus
expect_error 2 'temporary database' t bench store --tickets 10
expect_error 2 'unknown benchmark' "$TENDCTL" bench frob

# -------------------------------------------------------------------- help
step "help"
"$TENDCTL" --help >"$tmp/help"
for command in generate stats list show search bench; do
  grep -q "^  $command" "$tmp/help" || fail "--help does not list $command"
done
"$TENDCTL" help search | grep -q 'Usage:' || fail "help search"

echo "# all good"
