"""Server time of the work-search log and the account pages on a big account, and how long
deleting that account takes.

Builds a fresh database like bench_pages.py, fills one account with `benchdata` (by default
20,000 conversations over a year: some 400 in a week), marks a tenth of its openings applied
this week, then times the work-search log page, its PDF and CSV, Today (which counts the
week), and Settings → Account with 5,000 activity events. Last, it deletes the account in one
transaction and reports the seconds. Writes bench-results/worklog-<engine>.json.

    .venv/bin/python bench/bench_worklog.py [--contacts 5000] [--conversations 20000] ...
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import parse
from harness import bench_database, server_version, time_page, timed, write_results

# The PDF is laid out cell by cell by fpdf2 (some 5 ms an activity): a second at most for a
# very busy week. Pages: 50 ms, as bench_pages.py.
TARGET_MS = {"worklog_pdf": 1000.0}
EMAIL = "bench@example.com"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)  # bench_pages.py's options: the same account, the same requests
    with bench_database("parting-bench-worklog-", "parting_bench_worklog") as engine:
        results = run(args, engine)
    report(results)
    return write_results(results, args.out, "worklog")


def _busy_week(user: object) -> int:
    """Activity events and applications this week, as a busy seeker would have them."""
    from django.utils import timezone

    from parting.core.choices import ActivityKind, Stage
    from parting.core.domain import worklog
    from parting.core.models import Activity, Opening

    openings = Opening.objects.filter(owner=user).order_by("id")
    picked = list(openings.values_list("pk", flat=True)[: max(1, openings.count() // 10)])
    today = timezone.localdate()
    Opening.objects.filter(pk__in=picked).update(stage=Stage.APPLIED, applied_on=today)
    Activity.objects.bulk_create(
        Activity(owner=user, kind=ActivityKind.SIGN_IN, detail="from 192.0.2.1")
        for _ in range(5000)
    )
    return worklog.counts(user).activities  # type: ignore[arg-type]


def run(args: argparse.Namespace, engine: str) -> dict:
    from benchdata import load_bench_account
    from django.test import Client
    from django.urls import reverse

    from parting.core.domain import accounts
    from parting.core.domain.profile_update import update_profile

    print(f"building {args.contacts} contacts, {args.conversations} conversations on {engine}…")
    user, built = timed(
        lambda: load_bench_account(EMAIL, args.contacts, args.conversations, args.leads, args.seed)
    )
    in_week = _busy_week(user)
    pages = [
        ("worklog", reverse("worklog")),
        ("worklog_pdf", reverse("worklog_pdf")),
        ("worklog_csv", reverse("worklog_csv")),
        ("today", reverse("today")),
        ("settings_account", reverse("settings_account")),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    measured = [
        {"page": name, **time_page(client, url, args.warmup, args.requests)} for name, url in pages
    ]
    # Today again without the week's count, to see what counting costs it.
    update_profile(user, worklog_activities=0, worklog_employer_contacts=0)
    measured.append(
        {"page": "today_no_count", **time_page(client, pages[3][1], args.warmup, args.requests)}
    )
    deleted, seconds = timed(lambda: accounts.delete_account(user, EMAIL))
    return {
        "engine": engine,
        "server": server_version(),
        "python": platform.python_version(),
        "account": {"contacts": args.contacts, "conversations": args.conversations},
        "activities_this_week": in_week,
        "build_seconds": round(built, 2),
        "requests": args.requests,
        "pages": measured,
        "delete_account": {
            "rows": sum(deleted.values()),
            "seconds": round(seconds, 2),
            "rows_per_transaction": accounts.BATCH,
        },
    }


def report(results: dict) -> None:
    print(
        f"\n{results['server']}: {results['account']['conversations']} conversations, "
        f"{results['activities_this_week']} activities this week (built in "
        f"{results['build_seconds']}s); {results['requests']} requests per page\n"
    )
    print(f"{'page':<18}{'status':>7}{'median ms':>11}{'p95 ms':>9}{'queries':>9}  target")
    for page in results["pages"]:
        target = TARGET_MS.get(page["page"], 50.0)
        verdict = "ok" if page["median_ms"] < target else f"OVER {target:.0f} ms"
        print(
            f"{page['page']:<18}{page['status']:>7}{page['median_ms']:>11.1f}"
            f"{page['p95_ms']:>9.1f}{page['queries']:>9}  {verdict}"
        )
    gone = results["delete_account"]
    print(
        f"\ndelete_account: {gone['rows']} rows in {gone['seconds']}s, "
        f"{gone['rows_per_transaction']} per transaction"
    )


if __name__ == "__main__":
    sys.exit(main())
