"""Where one page's time goes, on the cached bench account: pyinstrument and the query log.

Uses the account `bench_serve.py` built (run it once first), on a throw-away copy:

    .venv/bin/python bench/profile_page.py / /leads/ [--html DIR] [--queries]

For each URL: a few warm-up requests through Django's test client, then the profiled ones
(the call tree, Django's own frames folded), the number of queries of one with their total
time, and with --queries every query and its time, slowest first. The insights remember
their results until the data changes (domain.freshness): --fresh empties the cache before
each request, to profile what a page computes after a change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("urls", nargs="+", help="paths; {busiest} is the busiest contact's id")
    parser.add_argument("--queries", action="store_true", help="list every query")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML here")
    parser.add_argument("--repeat", type=int, default=5, help="profiled requests per URL")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="empty the cache before each request: what a page computes after a change",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import bench_serve

    db, meta = bench_serve.cached_account(bench_serve.parse([]))
    home = Path(tempfile.mkdtemp(prefix="parting-profile-"))
    try:
        shutil.copyfile(db, home / "parting.sqlite3")
        os.environ["PARTING_HOME"] = str(home)
        os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
        profile(args, meta)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


def profile(args: argparse.Namespace, meta: dict) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    call_command("migrate", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=bench_serve_email()))
    for raw in args.urls:
        url = raw.replace("{busiest}", str(meta["busiest_contact"]))
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        profiler = Profiler(interval=0.0005)
        with CaptureQueriesContext(connection) as queries:
            profiler.start()
            started = time.perf_counter()
            for _ in range(args.repeat):
                if args.fresh:
                    cache.clear()
                client.get(url)
            each = (time.perf_counter() - started) / args.repeat * 1000
            profiler.stop()
        one = queries.captured_queries[: len(queries) // args.repeat]
        total = sum(float(q["time"]) for q in one) * 1000
        print(
            f"\n===== {url}: {each:.0f} ms a request (profiled), {len(one)} queries, "
            f"{total:.1f} ms of them in the database"
        )
        if args.queries:
            for query in sorted(one, key=lambda q: -float(q["time"])):
                print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            name = url.strip("/").replace("/", "_") or "today"
            (args.html / f"{name}.html").write_text(profiler.output_html())


def bench_serve_email() -> str:
    import bench_serve

    return bench_serve.EMAIL


if __name__ == "__main__":
    sys.exit(main())
