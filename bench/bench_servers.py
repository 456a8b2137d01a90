"""waitress against gunicorn behind `parting serve`: requests per second with wrk.

A temporary PARTING_HOME holds a SQLite database with one bench account (the local case:
`parting serve` on a laptop). Each server runs in a child process through
`parting.cli.serving.serve`, as `parting serve` runs it; wrk (loopback) requests /login/
and the signed-in Today page with 8 and then 64 connections. Results go to
bench-results/servers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import loadtest

ROOT = Path(__file__).resolve().parents[1]
SERVERS = [("waitress", 1), ("gunicorn", 1), ("gunicorn", 2)]
CHILD = """
import sys, django
django.setup()
from parting.cli import serving
serving.serve("127.0.0.1", int(sys.argv[1]), int(sys.argv[2]), server=sys.argv[3])
"""


def build(contacts: int) -> str:
    """Migrate the database in PARTING_HOME, load a bench account; its session cookie."""
    import django

    django.setup()
    from benchdata import load_bench_account
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    user = load_bench_account("servers@example.com", contacts=contacts, conversations=contacts * 4)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    from django.db import connections

    connections.close_all()
    return f"{settings.SESSION_COOKIE_NAME}={cookie}"


def measure(args: argparse.Namespace, cookie: str) -> list[dict[str, Any]]:
    env = dict(os.environ)
    pages = {"/login/": ["/login/"], "today": [f"/ {cookie}"]}
    rows = []
    for server, workers in SERVERS:
        port = loadtest.free_port()
        base = f"http://127.0.0.1:{port}"
        argv = [loadtest.python(), "-c", CHILD, str(port), str(workers), server]
        with loadtest.running(argv, env, f"{base}/healthz"):
            for page, requests in pages.items():
                loadtest.wrk(base, requests, 8, 2)  # warm-up
                for connections in (8, 64):
                    before = loadtest.load()
                    result = loadtest.wrk(base, requests, connections, args.seconds)
                    row = {"server": server, "workers": workers, "page": page}
                    row |= {"connections": connections, "load_before": before}
                    row |= result
                    rows.append(row)
                    print(
                        f"{server:9} x{workers}  {page:8} c={connections:<3}"
                        f" {result['req_per_s']:7.1f} req/s  p50 {result['latency_ms']['p50']:6.1f}"
                        f" ms  p99 {result['latency_ms']['p99']:7.1f} ms"
                        f"  errors {result['error_count']}  load {before[0]}",
                        flush=True,
                    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="parting-servers-"))
    os.environ |= {"PARTING_HOME": str(home), "DJANGO_SETTINGS_MODULE": "parting.settings"}
    for name in ("DATABASE_URL", "PARTING_USER", "PARTING_TASKS_URL"):
        os.environ.pop(name, None)
    try:
        rows = measure(args, build(args.contacts))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "servers.json"
    results = {"contacts": args.contacts, "seconds": args.seconds, "runs": rows}
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {path}")
    return 1 if any(row["error_count"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
