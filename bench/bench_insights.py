"""Server time of the insights pages (referral tree, funnel, yield) on a big account.

Builds a fresh database (SQLite in a temporary PARTING_HOME, or PostgreSQL database
`parting_bench_insights` on the server in DATABASE_URL, dropped afterwards), fills one
account with `benchdata` (default 20,000 contacts, 100,000 conversations,
10,000 leads), then times the pages through Django's test client: warm-up requests, then
timed ones, each computed afresh (the cache emptied first), then remembered; median, p95
and SQL queries per request. Prints a table and writes
bench-results/insights-<engine>.json.

    .venv/bin/python bench/bench_insights.py [--contacts 20000] [--conversations 100000] ...
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (
    ROOT,
    bench_database,
    big_account_options,
    server_version,
    time_page,
    timed,
    write_results,
)

TARGET_MS = 100.0
EMAIL = "bench@example.com"
PAGES = ["insights_tree", "insights_funnel", "insights_yield", "insights", "insights_people",
         "insights_companies", "insights_week"]  # fmt: skip


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    big_account_options(parser)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with bench_database("parting-bench-insights-", "parting_bench_insights") as engine:
        results = run(args, engine)
    report(results)
    return write_results(results, args.out, "insights")


def run(args: argparse.Namespace, engine: str) -> dict:
    from benchdata import load_bench_account
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from parting.core.domain import tree

    print(
        f"building {args.contacts} contacts, {args.conversations} conversations, "
        f"{args.leads} leads on {engine}…",
        flush=True,
    )
    user, built = timed(
        lambda: load_bench_account(EMAIL, args.contacts, args.conversations, args.leads, args.seed)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    forest = tree.referral_forest(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    measured = []
    for page in PAGES:
        url = reverse(page)
        # Timed as computed, the cache emptied before each request: what the first visit
        # after a change costs. Then as remembered (domain.freshness), for the funnel, the
        # tree and the people who help.
        computed = time_page(client, url, args.warmup, args.requests, before=cache.clear)
        remembered = time_page(client, url, 1, args.requests)
        measured.append(
            {
                "page": page,
                **computed,
                "remembered_median_ms": remembered["median_ms"],
                "target": page in PAGES[:3],
            }
        )
    return {
        "engine": engine,
        "server": server_version(),
        "python": platform.python_version(),
        "account": {
            "contacts": args.contacts,
            "conversations": args.conversations,
            "leads": args.leads,
            "tree_roots": len(forest.roots),
            "tree_nodes": forest.size,
        },
        "build_seconds": round(built, 2),
        "requests": args.requests,
        "warmup": args.warmup,
        "target_median_ms": TARGET_MS,
        "pages": measured,
    }


def report(results: dict) -> None:
    account = results["account"]
    print(
        f"\n{results['server']}: {account['contacts']} contacts, "
        f"{account['conversations']} conversations, {account['leads']} leads; tree of "
        f"{account['tree_nodes']} nodes under {account['tree_roots']} roots "
        f"(built in {results['build_seconds']}s); {results['requests']} requests per page\n"
    )
    print(
        f"{'page':<20}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}"
        f"{'remembered':>12}  target"
    )
    for page in results["pages"]:
        if page["target"]:
            ok = page["median_ms"] < TARGET_MS
            verdict = "ok" if ok else f"OVER {TARGET_MS:.0f} ms"
        else:
            verdict = "(not a target)"
        print(
            f"{page['page']:<20}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['queries']:>9}"
            f"{page['remembered_median_ms']:>12.1f}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
