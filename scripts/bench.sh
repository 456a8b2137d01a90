#!/usr/bin/env bash
# Hostile-file benchmarks, then page server-time benchmarks on SQLite and, when reachable,
# on PostgreSQL, then one `parting serve` under wrk (bench/README.md).
# Arguments go to bench/bench_pages.py, e.g. `bash scripts/bench.sh --contacts 1000`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1
unset PARTING_USER
PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
CI="${CI:-}"
BENCH_SERVE_ARGS="${BENCH_SERVE_ARGS:-}"  # e.g. "--baseline ../before/src --duration 20"

notice() { printf '\n\033[1;33m*** NOTICE: %s\033[0m\n\n' "$*" >&2; }

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

status=0
echo "=== Hostile files: ZIP bombs, quadratic-shaped vCard and CSV (CPU time, peak memory) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_hostile.py || status=$?
echo "=== Page bench on SQLite ==="
env -u DATABASE_URL "$BIN/python" bench/bench_pages.py "$@" || status=$?
echo "=== API bench on SQLite (20,000 contacts: a page of 100 contacts, Today) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_api.py || status=$?
echo "=== Import bench on SQLite (30,000 rows into 30,000 contacts) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_import.py || status=$?
echo "=== Insights bench on SQLite (20,000 contacts, 100,000 conversations, 10,000 leads) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_insights.py || status=$?
echo "=== Caseload bench on SQLite (a coach with 150 seekers of 2,000 conversations, 5,000 accounts) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_caseload.py || status=$?
if pg_reachable 2>/tmp/parting-bench-pg-error; then
  echo
  echo "=== Page bench on PostgreSQL ($(echo "$PG_URL" | sed -E 's#//[^@]*@#//#')) ==="
  DATABASE_URL="$PG_URL" "$BIN/python" bench/bench_pages.py "$@" || status=$?
  echo "=== API bench on PostgreSQL ==="
  DATABASE_URL="$PG_URL" "$BIN/python" bench/bench_api.py || status=$?
  echo "=== Import bench on PostgreSQL ==="
  DATABASE_URL="$PG_URL" "$BIN/python" bench/bench_import.py || status=$?
  echo "=== Insights bench on PostgreSQL ==="
  DATABASE_URL="$PG_URL" "$BIN/python" bench/bench_insights.py || status=$?
  echo "=== Caseload bench on PostgreSQL ==="
  DATABASE_URL="$PG_URL" "$BIN/python" bench/bench_caseload.py || status=$?
else
  if [ -n "$CI" ]; then echo "CI: PostgreSQL is not reachable at $PG_URL: $(cat /tmp/parting-bench-pg-error)" >&2; exit 1; fi
  notice "PostgreSQL not reachable: the PostgreSQL bench is SKIPPED ($(head -1 /tmp/parting-bench-pg-error))"
fi
echo
echo "=== One parting serve under wrk: requests per second, cold start, the CLI (SQLite) ==="
env -u DATABASE_URL "$BIN/python" bench/bench_serve.py $BENCH_SERVE_ARGS || status=$?
exit $status
