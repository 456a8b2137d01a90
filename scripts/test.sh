#!/usr/bin/env bash
# Runs the suite on SQLite and, when reachable, on PostgreSQL. In CI nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PARTING_HOME="${PARTING_TEST_HOME:-$(mktemp -d)}"
export PYTHONDONTWRITEBYTECODE=1
unset PARTING_USER
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
CI="${CI:-}"
which_db="${PARTING_DB:-both}"
# Two workers suit these 2-core machines; PARTING_TEST_WORKERS=0 runs in one process.
WORKERS="${PARTING_TEST_WORKERS:-2}"

notice() { printf '\n\033[1;33m*** NOTICE: %s\033[0m\n\n' "$*" >&2; }

# Browser tests need Debian's Chromium.
if [ -x /usr/bin/chromium ]; then
  export PARTING_BROWSER=/usr/bin/chromium
else
  if [ -n "$CI" ]; then echo "CI: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; fi
  notice "Chromium not found: browser tests are SKIPPED (apt-get install chromium to run them)"
fi

# The calendar tests read the feed with a second parser, Mozilla's ical.js, under Node; the
# browser tests check every page with axe-core. Both come from tests/js.
if command -v node >/dev/null && command -v npm >/dev/null; then
  npm install --prefix tests/js --no-audit --no-fund --silent >/dev/null || {
    if [ -n "$CI" ]; then echo "CI: npm install --prefix tests/js failed" >&2; exit 1; fi
    notice "npm install --prefix tests/js failed: ical.js calendar checks and axe-core page checks are SKIPPED"
  }
else
  if [ -n "$CI" ]; then echo "CI: node and npm are missing (apt-get install nodejs npm)" >&2; exit 1; fi
  notice "Node not found: ical.js and axe-core checks are SKIPPED (apt-get install nodejs npm)"
fi

# The mail tests start their own Dovecot (Debian's dovecot-imapd) on loopback ports.
if ! command -v dovecot >/dev/null && [ ! -x /usr/sbin/dovecot ]; then
  if [ -n "$CI" ]; then echo "CI: dovecot is missing (apt-get install dovecot-imapd)" >&2; exit 1; fi
  notice "Dovecot not found: the IMAP tests are SKIPPED (apt-get install dovecot-imapd)"
fi

pg_reachable() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
}

# The real-worker tests (tests/queue) also run the RQ backend on Redis at 127.0.0.1:6379.
if ! "$BIN/python" -c "import redis; redis.Redis(socket_connect_timeout=2).ping()" 2>/dev/null; then
  if [ -n "$CI" ]; then echo "CI: Redis is not reachable at 127.0.0.1:6379" >&2; exit 1; fi
  notice "Redis not reachable at 127.0.0.1:6379: the real-worker tests on Redis are SKIPPED"
fi

status=0
if [ "$which_db" != postgres ]; then
  echo "=== Test suite on SQLite ==="
  env -u DATABASE_URL "$BIN/pytest" -n "$WORKERS" "$@" || status=$?
fi
if [ "$which_db" != sqlite ]; then
  if pg_reachable 2>/tmp/parting-pg-error; then
    echo "=== Test suite on PostgreSQL ($(echo "$PG_URL" | sed -E 's#//[^@]*@#//#')) ==="
    once=()
    if [ "$which_db" != postgres ]; then
      # Tests that make their own SQLite, PostgreSQL and Redis databases ran in the first pass.
      echo "(tests marked own_databases ran in the SQLite pass, on every database they name;"
      echo " the page walk draws each page in one look here, having checked all four there)"
      once=(-m "not own_databases")
      export PARTING_TEST_SECOND_PASS=1
    fi
    DATABASE_URL="$PG_URL" "$BIN/pytest" -n "$WORKERS" "${once[@]}" "$@" || status=$?
  else
    if [ -n "$CI" ]; then echo "CI: PostgreSQL is not reachable at $PG_URL: $(cat /tmp/parting-pg-error)" >&2; exit 1; fi
    notice "PostgreSQL not reachable: the PostgreSQL run is SKIPPED ($(head -1 /tmp/parting-pg-error))"
  fi
fi
exit $status
