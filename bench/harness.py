"""What the page benchmarks share: a throw-away database, timing one page, writing results."""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def big_account_options(parser: Any) -> None:
    """The sizes of issue 10's account: 20,000 contacts, 100,000 conversations, 10,000 leads."""
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--conversations", type=int, default=100000)
    parser.add_argument("--leads", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@contextmanager
def bench_database(prefix: str, postgres_name: str) -> Iterator[str]:
    """Set up Django on a fresh database and yield the engine name ("sqlite" or
    "postgresql"); the database and the temporary PARTING_HOME go away afterwards.

    SQLite is a file, not the in-memory database tests use: the bench sees what
    `parting serve` sees."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["PARTING_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    os.environ.pop("PARTING_USER", None)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    engine = "sqlite" if connection.vendor == "sqlite" else connection.vendor
    name = str(home / "bench.sqlite3") if engine == "sqlite" else postgres_name
    connection.settings_dict["TEST"]["NAME"] = name
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield engine
    finally:
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(home, ignore_errors=True)


def time_page(
    client: Any,
    url: str,
    warmup: int,
    requests: int,
    before: Callable[[], Any] | None = None,
) -> dict[str, Any]:
    """Median, p95 and minimum server time of `url`, and the queries of one more request;
    `before` runs, untimed, before each request (e.g. emptying the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prepare = before or (lambda: None)
    for _ in range(warmup):
        client.get(url)
    times = []
    for _ in range(requests):
        prepare()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    prepare()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "url": url,
        "status": response.status_code,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95(times), 2),
        "min_ms": round(min(times), 2),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def timed(build: Callable[[], Any]) -> tuple[Any, float]:
    """Run `build` and return its result with the seconds it took."""
    started = time.perf_counter()
    result = build()
    return result, time.perf_counter() - started


def server_version() -> str:
    from django.db import connection

    return connection.vendor + " " + ".".join(map(str, connection.get_database_version()))


def write_results(results: dict[str, Any], out: Path, stem: str) -> int:
    """Write the JSON; exit status 1 when a page did not answer 200."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{stem}-{results['engine']}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if any(page["status"] != 200 for page in results["pages"]) else 0
