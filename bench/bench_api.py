"""Server time of the API's busiest reads on the 20k-contact bench account.

Builds a fresh database (as bench_pages does), fills one account with `benchdata`, makes a
personal access token, then times `GET /api/v1/contacts?limit=100` (one list page of 100
contacts; target 15 ms) and `GET /api/v1/today` (target 20 ms) through Django's test client,
in process, so what is timed is the server's work: median, p95 and SQL queries per request
after a few warm-up requests. Today is timed as a client polling it sees it (remembered until
the seeker's data changes, as the page is; the target's) and computed afresh (the cache
emptied before each request: the first request after a change). Prints a table and writes
bench-results/api-<engine>.json; --profile also prints pyinstrument's tree and the queries.

    .venv/bin/python bench/bench_api.py [--contacts 20000] [--conversations 20000] ...
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The bench makes far more requests a minute than a token is allowed by default.
os.environ.setdefault("PARTING_API_RATE_LIMIT", "1000000")
from harness import ROOT, bench_database, server_version, time_page, timed, write_results

EMAIL = "bench@example.com"
TARGETS = {"contacts_page_100": 15.0, "today": 20.0, "today_computed": None}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--conversations", type=int, default=20000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument(
        "--profile", action="store_true", help="also print pyinstrument's tree and the queries"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with bench_database("parting-bench-api-", "parting_bench") as engine:
        results = run(args, engine)
    report(results)
    return write_results(results, args.out, "api")


def run(args: argparse.Namespace, engine: str) -> dict:
    from benchdata import load_bench_account
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from parting.core.domain import tokens

    print(
        f"building {args.contacts} contacts, {args.conversations} conversations, "
        f"{args.leads} leads on {engine}…",
        flush=True,
    )
    user, built = timed(
        lambda: load_bench_account(EMAIL, args.contacts, args.conversations, args.leads, args.seed)
    )
    if connection.vendor == "postgresql":  # as autovacuum would after a load this size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    secret = tokens.create_token(user, "bench").secret
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    # The second page, past the first cursor: what a sync reads page after page.
    first = client.get("/api/v1/contacts?limit=100").json()
    pages = [
        ("contacts_page_100", f"/api/v1/contacts?limit=100&cursor={first['next_cursor']}", None),
        ("today", "/api/v1/today", None),
        ("today_computed", "/api/v1/today", cache.clear),
    ]
    measured = []
    for name, url, before in pages:
        page = {"page": name, **time_page(client, url, args.warmup, args.requests, before)}
        page["target_ms"] = TARGETS[name]
        measured.append(page)
        if args.profile:
            profile(client, url, before or (lambda: None))
    return {
        "engine": engine,
        "server": server_version(),
        "python": platform.python_version(),
        "account": {
            "contacts": args.contacts,
            "conversations": args.conversations,
            "leads": args.leads,
        },
        "build_seconds": round(built, 2),
        "requests": args.requests,
        "warmup": args.warmup,
        "pages": measured,
    }


def profile(client: object, url: str, before: object) -> None:
    """Where one request's time goes: pyinstrument over 10 requests, then one request's
    queries with their times."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    for _ in range(10):
        before()  # type: ignore[operator]
        profiler.start()
        client.get(url)  # type: ignore[attr-defined]
        profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    before()  # type: ignore[operator]
    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # type: ignore[attr-defined]
    for query in queries.captured_queries:
        print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")


def report(results: dict) -> None:
    account = results["account"]
    print(
        f"\n{results['server']}: {account['contacts']} contacts, "
        f"{account['conversations']} conversations, {account['leads']} leads "
        f"(built in {results['build_seconds']}s); {results['requests']} requests each\n"
    )
    print(
        f"{'request':<20}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'min ms':>9}"
        f"{'queries':>9}  target"
    )
    for page in results["pages"]:
        target = page["target_ms"]
        verdict = "" if target is None else "ok" if page["median_ms"] < target else "OVER"
        verdict += f" {target:.0f} ms" if target is not None else "(after a change)"
        print(
            f"{page['page']:<20}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['min_ms']:>9.1f}{page['queries']:>9}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
