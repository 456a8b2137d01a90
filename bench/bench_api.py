"""Server time of the API's busiest reads on the 20k-contact bench account.

Builds a fresh database (as bench_pages does), fills one account with `benchdata`, makes a
personal access token, then times `GET /api/v1/contacts?limit=100` (one list page of 100
contacts; target 15 ms) and `GET /api/v1/today` (target 20 ms, computed afresh each time)
through Django's test client: median, p95 and SQL queries per request. Prints a table and
writes bench-results/api-<engine>.json.

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
TARGETS = {"contacts_page_100": 15.0, "today": 20.0}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--conversations", type=int, default=20000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
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
    secret = tokens.create_token(user, "bench").secret
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    # The second page, past the first cursor: what a sync reads page after page.
    first = client.get("/api/v1/contacts?limit=100").json()
    pages = [
        ("contacts_page_100", f"/api/v1/contacts?limit=100&cursor={first['next_cursor']}"),
        ("today", "/api/v1/today"),
    ]
    measured = []
    for name, url in pages:
        page = {"page": name, **time_page(client, url, args.warmup, args.requests, cache.clear)}
        page["target_ms"] = TARGETS[name]
        measured.append(page)
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


def report(results: dict) -> None:
    account = results["account"]
    print(
        f"\n{results['server']}: {account['contacts']} contacts, "
        f"{account['conversations']} conversations, {account['leads']} leads "
        f"(built in {results['build_seconds']}s); {results['requests']} requests each\n"
    )
    print(f"{'request':<20}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}  target")
    for page in results["pages"]:
        target = page["target_ms"]
        verdict = "ok" if page["median_ms"] < target else f"OVER {target:.0f} ms"
        print(
            f"{page['page']:<20}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['queries']:>9}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
