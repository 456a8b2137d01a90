"""Server time of a coach's caseload pages at a career centre's size.

Builds a fresh database (SQLite in a temporary PARTING_HOME, or PostgreSQL database
`parting_bench_caseload` on the server in DATABASE_URL, dropped afterwards): `--seekers`
accounts filled by `benchdata` (default 150, each 2,000 conversations), all sharing with one
coach (every other one `full`), and empty accounts up to `--accounts` (default 5,000) so the
coach's shares are a small part of a big centre. Then times the caseload, its CSV, the
cohort and one seeker's page through Django's test client, and checks that the caseload's
query count does not grow with the number of seekers. Target: a median under 100 ms.

    .venv/bin/python bench/bench_caseload.py [--seekers 150] [--conversations 2000] ...
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, bench_database, server_version, time_page, timed, write_results

TARGET_MS = 100.0
COACH = "coach@example.com"
PAGES = ["caseload", "caseload_export", "caseload_cohort", "coach_seeker"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seekers", type=int, default=150)
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--contacts", type=int, default=500)
    parser.add_argument("--leads", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with bench_database("parting-bench-caseload-", "parting_bench_caseload") as engine:
        results = run(args, engine)
    report(results)
    return write_results(results, args.out, "caseload")


def build(args: argparse.Namespace) -> tuple[object, list[object]]:
    """The coach, and the seekers sharing with them; empty accounts fill the centre."""
    from benchdata import load_bench_account
    from django.contrib.auth import get_user_model

    from parting.core.domain.accounts import create_user
    from parting.core.domain.sharing import open_share

    coach = create_user(COACH, None, name="Bench Coach")
    seekers = []
    for i in range(args.seekers):
        seeker = load_bench_account(
            f"seeker{i}@example.com", args.contacts, args.conversations, args.leads, seed=i
        )
        open_share(seeker, coach, "full" if i % 2 else "numbers", None)
        seekers.append(seeker)
        if (i + 1) % 25 == 0:
            print(f"  {i + 1} seekers", flush=True)
    User = get_user_model()
    others = max(0, args.accounts - args.seekers - 1)
    User.objects.bulk_create(
        [
            User(username=f"other{i}@example.com", email=f"other{i}@example.com")
            for i in range(others)
        ],
        batch_size=1000,
    )
    return coach, seekers


def run(args: argparse.Namespace, engine: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    print(
        f"building {args.seekers} seekers of {args.conversations} conversations each, "
        f"{args.accounts} accounts in all, on {engine}…",
        flush=True,
    )
    (coach, seekers), built = timed(lambda: build(args))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coach)
    measured = []
    for page in PAGES:
        url = reverse(page, args=[seekers[0].pk]) if page == "coach_seeker" else reverse(page)
        measured.append({"page": page, **time_page(client, url, args.warmup, args.requests)})
    return {
        "engine": engine,
        "server": server_version(),
        "python": platform.python_version(),
        "centre": {
            "seekers": args.seekers,
            "accounts": args.accounts,
            "conversations_each": args.conversations,
        },
        "build_seconds": round(built, 2),
        "requests": args.requests,
        "target_median_ms": TARGET_MS,
        "pages": measured,
    }


def report(results: dict) -> None:
    centre = results["centre"]
    print(
        f"\n{results['server']}: a coach with {centre['seekers']} seekers of "
        f"{centre['conversations_each']} conversations each, {centre['accounts']} accounts "
        f"(built in {results['build_seconds']}s); {results['requests']} requests per page\n"
    )
    print(f"{'page':<18}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}  target")
    for page in results["pages"]:
        verdict = "ok" if page["median_ms"] < TARGET_MS else f"OVER {TARGET_MS:.0f} ms"
        print(
            f"{page['page']:<18}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['queries']:>9}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
