"""Server time of the busiest pages on a big account.

Builds a fresh database (SQLite in a temporary PARTING_HOME, or PostgreSQL database
`parting_bench` on the server in DATABASE_URL, dropped afterwards), fills one account with
`benchdata`, then times the Today page, the contact list and the busiest
contact's page through Django's test client: warm-up requests, then timed ones, each computed
afresh (the cache emptied first; Today is also timed as remembered); median, p95 and SQL
queries per request. Prints a table and writes bench-results/pages-<engine>.json.

    .venv/bin/python bench/bench_pages.py [--contacts 5000] [--conversations 20000] ...
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, bench_database, server_version, time_page, timed, write_results

TARGET_MS = 50.0
EMAIL = "bench@example.com"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--conversations", type=int, default=20000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with bench_database("parting-bench-pages-", "parting_bench") as engine:
        results = run(args, engine)
    report(results)
    return write_results(results, args.out, "pages")


def run(args: argparse.Namespace, engine: str) -> dict:
    from benchdata import load_bench_account
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from parting.core.models import Contact

    print(
        f"building {args.contacts} contacts, {args.conversations} conversations, "
        f"{args.leads} leads on {engine}…",
        flush=True,
    )
    user, built = timed(
        lambda: load_bench_account(EMAIL, args.contacts, args.conversations, args.leads, args.seed)
    )
    busiest = (
        Contact.objects.for_user(user)
        .annotate(n=Count("conversations", distinct=True))
        .order_by("-n", "id")
        .first()
    )
    assert busiest is not None
    pages = [
        ("today", reverse("today")),
        ("contact_list", reverse("contact_list")),
        ("contact_detail", reverse("contact_detail", args=[busiest.pk])),
        # What the offline call page keeps: the 2,000 most recent contacts and the questions.
        ("offline_data", reverse("call_offline_data")),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    measured = []
    for name, url in pages:
        # Computed: what the first visit after a change costs. Today is then remembered
        # (domain.freshness) until the seeker's data changes: timed that way too.
        page = {"page": name, **time_page(client, url, args.warmup, args.requests, cache.clear)}
        if name == "today":
            page["remembered_median_ms"] = time_page(client, url, 1, args.requests)["median_ms"]
        measured.append(page)
    return {
        "engine": engine,
        "server": server_version(),
        "python": platform.python_version(),
        "account": {
            "contacts": args.contacts,
            "conversations": args.conversations,
            "leads": args.leads,
            "busiest_contact_conversations": busiest.n,
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
        f"{account['conversations']} conversations, {account['leads']} leads "
        f"(built in {results['build_seconds']}s); {results['requests']} requests per page\n"
    )
    print(
        f"{'page':<16}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}"
        f"{'remembered':>12}  target"
    )
    for page in results["pages"]:
        verdict = "ok" if page["median_ms"] < TARGET_MS else f"OVER {TARGET_MS:.0f} ms"
        remembered = page.get("remembered_median_ms")
        print(
            f"{page['page']:<16}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['queries']:>9}"
            f"{f'{remembered:.1f}' if remembered else '—':>12}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
