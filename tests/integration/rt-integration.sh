#!/bin/bash
# rt-integration.sh: runs a test program against a real Request Tracker 5.
#
# Usage: rt-integration.sh TEST-PROGRAM [ARGUMENTS…]
#
# Installs Debian's RT 5 packages if they are missing (root only; apt's
# package cache is used as it is, the lists are refreshed only when apt
# cannot find the packages), creates a throw-away SQLite instance in a
# temporary directory, starts rt-server on 127.0.0.1 on a free port,
# creates a non-superuser agent with an API token, seeds queues, customers,
# tickets, replies, comments and articles through REST2, then runs
# TEST-PROGRAM with these environment variables:
#
#   TEND_RT_URL          http://127.0.0.1:PORT (RT's web root)
#   TEND_RT_LOGIN        the agent's login ("agent")
#   TEND_RT_TOKEN        the agent's API token
#   TEND_RT_AGENT_PASSWORD the agent's password (for HTTP Basic)
#   TEND_RT_ROOT_PASSWORD root's password (to change data behind the agent)
#   TEND_RT_CUSTOMER_PASSWORD the seeded customers' password
#   TEND_RT_SEED         a JSON file with the ids of what was seeded
#
# The server is stopped by its PID (SIGTERM) when the script exits, however
# it exits, and the instance directory is removed (kept when
# TEND_RT_KEEP=1, for a look at RT's log after a failure).
#
# Exit status: the test program's, or 77 (a skipped test for meson) when RT
# is not installed and cannot be (not root, or no package mirror), or
# with TEND_RT_TESTS=skip. TEND_RT_TESTS=require (or CI=true) turns the
# cases that would skip into failures, so that CI never skips quietly. The
# reference for every step is Debian's request-tracker5 5.0.3 as recorded
# in the project's rt5-rest2 notes.

set -euo pipefail

RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_SETUP_DATABASE=/usr/sbin/rt-setup-database-5
RT_LIB=/usr/share/request-tracker5/lib
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone dbconfig-no-thanks w3m)

log () { printf 'rt-integration: %s\n' "$*" >&2; }
skip () { log "SKIP: $*"; exit 77; }
die () { log "ERROR: $*"; exit 1; }

if [ $# -lt 1 ]; then
  die "usage: $0 TEST-PROGRAM [ARGUMENTS…]"
fi
if [ "${TEND_RT_TESTS:-}" = skip ]; then
  skip "TEND_RT_TESTS=skip"
fi

rt_installed () {
  local pkg status
  for pkg in request-tracker5 rt5-db-sqlite rt5-standalone; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || return 1
  done
  [ -x "$RT_SERVER" ] && [ -x "$RT_SETUP_DATABASE" ] && command -v curl >/dev/null
}

install_rt () {
  local packages=("${PACKAGES[@]}")
  local started=$SECONDS

  # dma is a tiny MTA without a daemon; RT needs some MTA, and without a
  # choice apt would pull in exim4, whose postinst starts a daemon. An MTA
  # that is already installed is never replaced.
  if [ ! -x /usr/sbin/sendmail ]; then
    packages+=(dma)
  fi
  if ! command -v curl >/dev/null; then
    packages+=(curl)
  fi

  log "installing ${packages[*]} (this takes about 20 s once)"
  # Every question is answered up front: nothing may prompt. The values only
  # fill the package's own config file, which our instance does not read.
  debconf-set-selections <<'EOF'
request-tracker5 request-tracker5/rtname string tend-test
request-tracker5 request-tracker5/organization string tend.test
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1
request-tracker5 request-tracker5/webpath string /rt
request-tracker5 request-tracker5/correspondaddress string rt@tend.test
request-tracker5 request-tracker5/commentaddress string rt-comment@tend.test
request-tracker5 request-tracker5/install-cronjobs boolean false
dma dma/mailname string tend.test
dma dma/relayhost string
EOF
  export DEBIAN_FRONTEND=noninteractive
  # dbconfig-no-thanks keeps dbconfig-common from creating a database (and
  # from asking for a root password): the instance makes its own below.
  if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >"$WORK/apt.log" 2>&1; then
    # Only a stale or empty package list is worth one more try.
    log "apt-get install failed; refreshing the package lists once"
    apt-get update -q >>"$WORK/apt.log" 2>&1 || true
    if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >>"$WORK/apt.log" 2>&1; then
      tail -n 20 "$WORK/apt.log" >&2
      # On CI (or with TEND_RT_TESTS=require) the suite must really run;
      # elsewhere, a machine without a package mirror skips it.
      if [ "${TEND_RT_TESTS:-}" = require ] || [ "${CI:-}" = true ]; then
        die "cannot install Request Tracker (see the apt output above)"
      fi
      skip "cannot install Request Tracker (see the apt output above); TEND_RT_TESTS=require makes this an error"
    fi
  fi
  log "installed in $((SECONDS - started)) s"
}

free_port () {
  perl -MIO::Socket::INET -e \
    'my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 1) or die "no port: $!\n"; print $s->sockport, "\n";'
}

SERVER_PID=
WORK=

cleanup () {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # SIGTERM, not SIGINT: RT's SIGINT handler chowns /var/lib/request-tracker5
    # to www-data when it runs as root.
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "rt-server $SERVER_PID did not stop within 10 s; killing it and its workers"
      for worker in $(ps -o pid= --ppid "$SERVER_PID" 2>/dev/null); do
        kill -KILL "$worker" 2>/dev/null || true
      done
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "${TEND_RT_KEEP:-0}" = 1 ] || { [ $status -ne 0 ] && [ $status -ne 77 ] && [ "${TEND_RT_KEEP:-}" != 0 ]; }; then
      log "instance kept in $WORK (log in $WORK/log)"
    else
      rm -rf "$WORK"
    fi
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tend-rt.XXXXXX")

if ! rt_installed; then
  if [ "$(id -u)" -ne 0 ] && [ "${TEND_RT_TESTS:-}" = require ]; then
    die "Request Tracker 5 is not installed and installing it needs root"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    skip "Request Tracker 5 is not installed and installing it needs root (apt-get install ${PACKAGES[*]} dma)"
  fi
  if ! command -v apt-get >/dev/null; then
    skip "Request Tracker 5 is not installed and this system has no apt-get"
  fi
  install_rt
fi

# The instance: everything in $WORK. RT_SITE_CONFIG_DIR replaces both the
# packaged RT_SiteConfig.d directories, so Debian's 50-debconf.pm (web path,
# log files under /var/log) is not read.
mkdir -p "$WORK"/etc/RT_SiteConfig.d "$WORK"/var "$WORK"/log "$WORK"/mason_data "$WORK"/session_data
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
ROOT_PASSWORD="root-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$ROOT_PASSWORD" > "$WORK/root-password"
chmod 600 "$WORK/root-password"

cat > "$WORK/etc/RT_SiteConfig.pm" <<EOF
Set(\$rtname, 'tend-test');
Set(\$Organization, 'tend.test');
Set(\$CorrespondAddress, 'rt@tend.test');
Set(\$CommentAddress, 'rt-comment@tend.test');
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$WORK/var/rt5.db');
Set(\$WebPath, '');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $PORT);
Set(\$WebBaseURL, '$URL');
Set(\$Timezone, 'UTC');
Set(\$VarPath, '$WORK/var');
Set(\$MasonDataDir, '$WORK/mason_data');
Set(\$MasonSessionDir, '$WORK/session_data');
Set(\$LogDir, '$WORK/log');
Set(\$LogToFile, 'warning');
Set(\$LogToFileNamed, 'rt.log');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, undef);
# Outgoing mail (autoreplies, notifications) goes into \$VarPath, never out.
Set(\$MailCommand, 'mbox');
# Every request checks the token or password with bcrypt: RT's default cost
# (12) adds about a quarter of a second to each one.
Set(\$BcryptCost, 4);
Set(%FullTextSearch, Enable => 1, Indexed => 0);
1;
EOF
export RT_SITE_CONFIG="$WORK/etc/RT_SiteConfig.pm"
export RT_SITE_CONFIG_DIR="$WORK/etc/RT_SiteConfig.d"

started=$SECONDS
if ! "$RT_SETUP_DATABASE" --action init --root-password-file "$WORK/root-password" \
      >"$WORK/log/setup-database.log" 2>&1; then
  cat "$WORK/log/setup-database.log" >&2
  die "rt-setup-database-5 failed"
fi

# The agent: privileged, not a superuser, rights through a group, and an API
# token. REST2 in 5.0.3 has neither ACL nor token endpoints, so this is perl.
AGENT_PASSWORD="agent-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export AGENT_PASSWORD
TOKEN=$(perl -I"$RT_LIB" -e '
use strict;
use warnings;
use RT;
RT::LoadConfig ();
RT::Init ();

sub check { my ($ok, $msg) = @_; die "$msg\n" unless $ok; return $ok; }

my $agent = RT::User->new (RT->SystemUser);
check ($agent->Create (Name => "agent", EmailAddress => "agent\@tend.test",
                       RealName => "Alex Agent", Privileged => 1,
                       Password => $ENV{AGENT_PASSWORD}));
my $group = RT::Group->new (RT->SystemUser);
check ($group->CreateUserDefinedGroup (Name => "Agents"));
check ($group->AddMember ($agent->PrincipalId));
for my $right (qw(SeeQueue ShowTicket ShowTicketComments CreateTicket ReplyToTicket
                  CommentOnTicket ModifyTicket OwnTicket TakeTicket StealTicket
                  Watch WatchAsAdminCc SeeCustomField ModifyCustomField
                  ShowArticle CreateArticle ModifyArticle SeeClass
                  AdminUsers ShowUserHistory SeeGroup ManageAuthTokens ShowOutgoingEmail)) {
  check ($group->PrincipalObj->GrantRight (Right => $right, Object => RT->System));
}
# Customers write in through REST2 as they would by mail: anyone may open a
# ticket and reply, requestors see their own tickets.
my $everyone = RT::Group->new (RT->SystemUser);
check ($everyone->LoadSystemInternalGroup ("Everyone"));
for my $right (qw(CreateTicket ReplyToTicket SeeQueue)) {
  check ($everyone->PrincipalObj->GrantRight (Right => $right, Object => RT->System));
}
my $requestor = RT::Group->new (RT->SystemUser);
check ($requestor->LoadRoleGroup (Object => RT->System, Name => "Requestor"));
check ($requestor->PrincipalObj->GrantRight (Right => "ShowTicket", Object => RT->System));
my $token = RT::AuthToken->new (RT::CurrentUser->new ($agent));
my ($id, $msg, $auth) = $token->Create (Owner => $agent->Id, Description => "tend integration tests");
die "$msg\n" unless $id;
print "$auth\n";
' 2>"$WORK/log/bootstrap.log") || { cat "$WORK/log/bootstrap.log" >&2; die "creating the agent failed"; }

"$RT_SERVER" --host 127.0.0.1 --port "$PORT" --max-workers 2 \
  --access-log "$WORK/log/access.log" >"$WORK/log/server.log" 2>&1 &
SERVER_PID=$!

ready=0
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/log/server.log" >&2
    die "rt-server exited while starting"
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token $TOKEN" "$URL/REST/2.0/rt" || true)
  if [ "$code" = 200 ]; then
    ready=1
    break
  fi
  sleep 0.1
done
[ $ready = 1 ] || die "rt-server did not answer within 30 s"
log "RT instance up on $URL in $((SECONDS - started)) s (pid $SERVER_PID)"

# Seeding, through REST2 as an agent, a customer or root would do it.
CUSTOMER_PASSWORD="customer-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# rest WHO METHOD PATH [JSON]: prints the answer; any status but 2xx, and
# any 2xx whose message list reports a refusal, stops the script.
rest () {
  local who=$1 method=$2 path=$3 body=${4:-} code
  local args=(-sS -o "$WORK/rest.out" -w '%{http_code}' -X "$method"
              -H 'Content-Type: application/json' -A 'tend-integration-test')
  case $who in
    agent) args+=(-H "Authorization: token $TOKEN") ;;
    root) args+=(-u "root:$ROOT_PASSWORD") ;;
    *) args+=(-u "$who:$CUSTOMER_PASSWORD") ;;
  esac
  if [ -n "$body" ]; then
    args+=(--data-binary "$body")
  fi
  code=$(curl "${args[@]}" "$URL/REST/2.0$path") || die "$method $path: curl failed"
  case $code in
    2??) ;;
    *) die "$method $path as $who: HTTP $code: $(head -c 500 "$WORK/rest.out")" ;;
  esac
  if grep -qiE "permission denied|can't|couldn't|invalid|illegal|failed" "$WORK/rest.out"; then
    die "$method $path as $who: $(head -c 500 "$WORK/rest.out")"
  fi
  cat "$WORK/rest.out"
}

# The id in an answer ({"id":"3","type":"ticket",…} or a record). A new
# user's answer names it by login: its number comes from GET /user/NAME.
id_of () {
  perl -MJSON::PP -e 'local $/; my $d = decode_json (<STDIN>); print $d->{id}, "\n";'
}

b64 () { printf '%s' "$1" | base64 -w0; }

seed () {
  local support billing agent_id alice bob zoe carol t1 t2 t3 t4 t5 a1 a2 a3

  support=$(rest root POST /queue '{"Name":"Support","Description":"First line"}' | id_of)
  billing=$(rest root POST /queue '{"Name":"Billing"}' | id_of)

  rest agent POST /user "{\"Name\":\"alice@example.com\",\"EmailAddress\":\"alice@example.com\",\"RealName\":\"Alice Example\",\"Organization\":\"ACME Corp\",\"WorkPhone\":\"+1 555 0100\",\"Password\":\"$CUSTOMER_PASSWORD\"}" >/dev/null
  alice=$(rest agent GET /user/alice@example.com | id_of)
  rest agent POST /user "{\"Name\":\"bob@example.com\",\"EmailAddress\":\"bob@example.com\",\"RealName\":\"Bob Builder\",\"Organization\":\"ACME Corp\",\"Password\":\"$CUSTOMER_PASSWORD\"}" >/dev/null
  bob=$(rest agent GET /user/bob@example.com | id_of)
  rest agent POST /user "{\"Name\":\"zoe@example.org\",\"EmailAddress\":\"zoe@example.org\",\"RealName\":\"Zoë Ünal\",\"Organization\":\"Société Générale d'Essai\",\"Lang\":\"fr\",\"Timezone\":\"Europe/Paris\",\"Password\":\"$CUSTOMER_PASSWORD\"}" >/dev/null
  zoe=$(rest agent GET /user/zoe@example.org | id_of)
  rest agent POST /user "{\"Name\":\"carol@example.net\",\"EmailAddress\":\"carol@example.net\",\"RealName\":\"Carol Chen\",\"Password\":\"$CUSTOMER_PASSWORD\"}" >/dev/null
  carol=$(rest agent GET /user/carol@example.net | id_of)

  # 1: a customer's ticket with the whole range of messages.
  t1=$(rest alice@example.com POST /ticket '{"Queue":"Support","Subject":"Printer on fire 🔥","Requestor":"alice@example.com","Content":"The printer in room 101 is on fire.\nPlease help!","ContentType":"text/plain"}' | id_of)
  rest agent PUT "/ticket/$t1/take" '{}' >/dev/null
  rest agent POST "/ticket/$t1/correspond" '{"Content":"Please unplug it and step away. — Alex","ContentType":"text/plain"}' >/dev/null
  rest agent POST "/ticket/$t1/comment" "{\"Content\":\"<p>Internal: <b>facilities</b> notified.</p>\",\"ContentType\":\"text/html\",\"Attachments\":[{\"FileName\":\"floor plan.txt\",\"FileType\":\"text/plain\",\"FileContent\":\"$(b64 $'Room 101\nExit left\n')\"}]}" >/dev/null
  rest alice@example.com POST "/ticket/$t1/correspond" '{"Content":"Done, thanks! Grüße","ContentType":"text/plain"}' >/dev/null

  # 2: billing, high priority, waiting for the customer (stalled).
  t2=$(rest bob@example.com POST /ticket '{"Queue":"Billing","Subject":"Invoice 2024-117 is wrong","Requestor":"bob@example.com","Content":"We were charged twice for March.","ContentType":"text/plain","Priority":80}' | id_of)
  rest agent POST "/ticket/$t2/correspond" '{"Content":"Refund issued; waiting for your bank.","ContentType":"text/plain"}' >/dev/null
  rest agent PUT "/ticket/$t2" '{"Status":"stalled"}' >/dev/null

  # 3: new, unowned, not English.
  t3=$(rest zoe@example.org POST /ticket '{"Queue":"Support","Subject":"Accès refusé au portail","Requestor":"zoe@example.org","Content":"Je ne peux pas me connecter depuis lundi. Merci d’avance !","ContentType":"text/plain"}' | id_of)

  # 4: opened by the agent for a caller, answered and resolved.
  t4=$(rest agent POST /ticket '{"Queue":"Support","Subject":"Password reset","Requestor":"Carol Chen <carol@example.net>","Content":"Carol called: she cannot log in.","ContentType":"text/plain"}' | id_of)
  rest agent POST "/ticket/$t4/correspond" '{"Content":"Your password has been reset.","ContentType":"text/plain","Status":"resolved"}' >/dev/null

  # 5: deleted again: must never show up.
  t5=$(rest bob@example.com POST /ticket '{"Queue":"Support","Subject":"Spam","Requestor":"bob@example.com","Content":"Buy now","ContentType":"text/plain"}' | id_of)
  rest root PUT "/ticket/$t5" '{"Status":"deleted"}' >/dev/null

  a1=$(rest agent POST /article '{"Class":"General","Name":"Printer fire","Summary":"What to do when a printer burns","CustomFields":{"Content":"Unplug the printer. Use a CO₂ extinguisher, never water."}}' | id_of)
  a2=$(rest agent POST /article '{"Class":"General","Name":"Réinitialiser le mot de passe","Summary":"Password reset for the portal","CustomFields":{"Content":"Open https://portal.example.com/reset and follow the steps.\n\nThe link expires after 24 hours."}}' | id_of)
  a3=$(rest agent POST /article '{"Class":"General","Name":"Refund policy","Summary":"How refunds work","CustomFields":{"Content":"<p>Refunds take <b>5–7 days</b>.</p>"}}' | id_of)

  agent_id=$(rest agent GET /user/agent | id_of)

  cat > "$WORK/seed.json" <<EOF
{
  "agent": $agent_id,
  "queues": { "support": $support, "billing": $billing },
  "users": { "alice": $alice, "bob": $bob, "zoe": $zoe, "carol": $carol },
  "tickets": { "printer": $t1, "invoice": $t2, "portal": $t3, "password": $t4, "spam": $t5 },
  "articles": { "printer": $a1, "password": $a2, "refund": $a3 }
}
EOF
}

started=$SECONDS
seed
log "seeded in $((SECONDS - started)) s"

export TEND_RT_URL="$URL"
export TEND_RT_SEED="$WORK/seed.json"
export TEND_RT_CUSTOMER_PASSWORD="$CUSTOMER_PASSWORD"
export TEND_RT_AGENT_PASSWORD="$AGENT_PASSWORD"
export TEND_RT_LOGIN=agent
export TEND_RT_TOKEN="$TOKEN"
export TEND_RT_ROOT_PASSWORD="$ROOT_PASSWORD"
export TEND_RT_WORK="$WORK"

"$@"
