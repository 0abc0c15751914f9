#!/bin/bash
# test-tendctl-kb.sh: `tendctl kb --remote` against `tendctl demo-server`:
# the saved articles merged with the help center's search, each article
# once, an article published after the sync appended, marked and saved
# (found offline afterwards), and a failing help center leaving the saved
# articles with a note on stderr.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-tendctl-kb.sh PATH-TO-TENDCTL

set -eu

TENDCTL=${1:?usage: test-tendctl-kb.sh PATH-TO-TENDCTL}

if ! command -v curl >/dev/null; then
  echo "SKIP: curl is needed to publish an article on the demo helpdesk"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-tendctl-kb-XXXXXX")
server=
cleanup () {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

step () {
  echo "# $*"
}

# ids FILE: the article ids of kb's output, one a line.
ids () {
  grep -E '^[0-9]+ ' "$1" | cut -d' ' -f1
}

step "demo helpdesk and a first sync"
"$TENDCTL" demo-server --tickets 80 >"$tmp/server.txt" 2>"$tmp/server.err" &
server=$!
for _ in $(seq 100); do
  [ -s "$tmp/server.txt" ] && break
  sleep 0.1
done
line=$(head -n1 "$tmp/server.txt")
case "$line" in url=*) ;; *) fail "demo-server said: $line $(cat "$tmp/server.err")" ;; esac
url= email= token=
eval "$line"
db="$tmp/desk.db"
echo "$token" | "$TENDCTL" --db "$db" sync --url "$url" --email "$email" --token-stdin >/dev/null 2>&1 \
  || fail "the first sync failed"

step "an article published on the help center after the sync"
reply=$(curl -sS -X POST --data '{"title": "Numbat gateway password rotation", "body": "<p>The numbat gateway asks for a new password every 90 days.</p>"}' "$url/__articles")
id=$(echo "$reply" | sed -n 's/.*"id" *: *\([0-9][0-9]*\).*/\1/p')
[ -n "$id" ] || fail "the demo helpdesk did not add the article: $reply"

"$TENDCTL" --db "$db" kb numbat >"$tmp/local.txt"
[ ! -s "$tmp/local.txt" ] || fail "the cache already had the article: $(cat "$tmp/local.txt")"
"$TENDCTL" --db "$db" kb password >"$tmp/local-password.txt"
[ -s "$tmp/local-password.txt" ] || fail "no saved article about passwords"

step "kb --remote: saved articles first, the help center's find after them, each once"
echo "$token" | "$TENDCTL" --db "$db" kb --remote --url "$url" --email "$email" --token-stdin password \
  >"$tmp/remote.txt" 2>"$tmp/remote.err" || fail "kb --remote failed: $(cat "$tmp/remote.err")"
[ ! -s "$tmp/remote.err" ] || fail "kb --remote complained: $(cat "$tmp/remote.err")"
ids "$tmp/remote.txt" >"$tmp/remote.ids"
ids "$tmp/local-password.txt" >"$tmp/local.ids"
[ "$(sort "$tmp/remote.ids" | uniq -d | wc -l)" -eq 0 ] || fail "an article is listed twice: $(cat "$tmp/remote.txt")"
n_local=$(wc -l <"$tmp/local.ids")
head -n "$n_local" "$tmp/remote.ids" | cmp -s - "$tmp/local.ids" \
  || fail "the saved articles do not come first, in their order: $(cat "$tmp/remote.txt")"
tail -n +"$((n_local + 1))" "$tmp/remote.ids" | grep -qx "$id" \
  || fail "the help center's article $id is not after the saved ones: $(cat "$tmp/remote.txt")"
grep -A3 "^$id " "$tmp/remote.txt" | grep -q "from the help center" \
  || fail "article $id is not marked as the help center's: $(cat "$tmp/remote.txt")"
[ "$(grep -c "from the help center" "$tmp/remote.txt")" -eq 1 ] \
  || fail "only article $id comes from the help center alone: $(cat "$tmp/remote.txt")"

step "saved: found without the network"
"$TENDCTL" --db "$db" kb numbat >"$tmp/offline.txt"
ids "$tmp/offline.txt" | grep -qx "$id" || fail "article $id was not saved: $(cat "$tmp/offline.txt")"
"$TENDCTL" --db "$db" kb --show "$id" | grep -q "every 90 days" || fail "article $id was saved without its text"

step "a help center that fails: the saved articles and a note"
curl -sS -X POST --data '500-every=1' "$url/__faults" >/dev/null
echo "$token" | TEND_HTTP_BASE_DELAY_MS=5 "$TENDCTL" --db "$db" kb --remote --url "$url" --email "$email" --token-stdin invoice \
  >"$tmp/failed.txt" 2>"$tmp/failed.err" || fail "kb --remote failed outright: $(cat "$tmp/failed.err")"
curl -sS -X DELETE "$url/__faults" >/dev/null
grep -q "could not be searched" "$tmp/failed.err" || fail "no note about the help center: $(cat "$tmp/failed.err")"
"$TENDCTL" --db "$db" kb invoice >"$tmp/failed-local.txt"
cmp -s "$tmp/failed.txt" "$tmp/failed-local.txt" || fail "not the saved articles: $(cat "$tmp/failed.txt")"

step "usage errors"
rc=0; "$TENDCTL" --db "$db" kb --remote password </dev/null >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || fail "kb --remote without a helpdesk exited with $rc"
rc=0; "$TENDCTL" --db "$db" kb --url "$url" password </dev/null >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || fail "kb --url without --remote exited with $rc"
rc=0; "$TENDCTL" --db "$db" kb --remote --url "$url" --email "$email" --suggest 1001 </dev/null >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || fail "kb --remote --suggest exited with $rc"

echo "ok"
