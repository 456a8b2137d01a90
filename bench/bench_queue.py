"""The task queue itself: how soon an idle `parting worker` starts a task, and how many
trivial tasks per second 1 and 2 workers get through, on SQLite, PostgreSQL and Redis (RQ).

For each queue, on a fresh database (and a Redis database of its own):
1. pick-up: with the workers idle, `LATENCY` trivial tasks are enqueued one at a time, at
   random moments; each one's wait is its start minus its enqueue, from the task results;
2. throughput: `BATCH` trivial tasks are enqueued while no worker runs, then the workers
   start; tasks per second is the batch over the first start to the last finish.
Results: bench-results/queue.json.

    .venv/bin/python bench/bench_queue.py [--only sqlite,postgres,redis] [--batch 400]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PG = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
REDIS_DB = "redis://127.0.0.1:6379/13"
LATENCY = 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="sqlite,postgres,redis")
    parser.add_argument("--batch", type=int, default=400)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one queue, in a child
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.batch)))
        return 0
    rows = []
    for kind in args.only.split(","):
        rows.append(run_child(kind, args.batch))
        report(rows[-1])
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "queue.json").write_text(json.dumps({"load": os.getloadavg(), "queues": rows}, indent=2))
    print(f"\nwrote {(out / 'queue.json').relative_to(ROOT)}")
    return 0


def run_child(kind: str, batch: int) -> dict:
    """Measure one queue in a process of its own, set up for that database."""
    home = tempfile.mkdtemp(prefix="parting-bench-queue-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    env.update(PARTING_HOME=home, PYTHONPATH=f"{ROOT / 'src'}:{BENCH}")
    name = f"parting_bench_queue_{os.getpid()}"
    if kind in ("postgres", "redis"):
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = PG.rsplit("/", 1)[0] + "/" + name
    if kind == "redis":
        env["PARTING_TASKS_URL"] = REDIS_DB
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", kind, "--batch", str(batch)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"{kind}: {done.stderr}")
        return {"queue": kind, **json.loads(done.stdout.strip().splitlines()[-1])}
    finally:
        if kind in ("postgres", "redis"):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(*sql: str) -> None:
    import psycopg

    with psycopg.connect(PG.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        for statement in sql:
            c.execute(statement)


def measure(kind: str, batch: int) -> dict:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if kind == "redis":
        from parting.queue import backend

        backend.redis().flushdb()
    result: dict = {}
    for count in (1, 2):
        result[f"{count}_worker"] = {
            "pickup": pickup(count),
            "throughput": throughput(count, batch),
        }
    return result


def start_workers(count: int) -> list[subprocess.Popen]:
    procs = []
    for _ in range(count):
        proc = subprocess.Popen(
            [sys.executable, "-m", "parting", "worker"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().startswith("Worker running")
        procs.append(proc)
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        proc.wait(60)


def finished(ids: list[str], seconds: float = 600) -> list:
    from django_tasks import task_backends

    backend = task_backends["default"]
    deadline = time.monotonic() + seconds
    results = []
    for result_id in ids:
        while (found := backend.get_result(result_id)).finished_at is None:
            if time.monotonic() > deadline:
                raise SystemExit("tasks did not finish in time")
            time.sleep(0.02)
        results.append(found)
    return results


def pickup(count: int) -> dict:
    """Seconds from enqueue to start, one task at a time into an idle queue."""
    from queue_tasks import noop

    procs = start_workers(count)
    time.sleep(2)  # the workers are polling (or waiting on Redis)
    waits = []
    try:
        for _ in range(LATENCY):
            time.sleep(random.uniform(0.2, 1.2))
            [done] = finished([noop.enqueue().id])
            waits.append((done.started_at - done.enqueued_at).total_seconds())
    finally:
        stop_workers(procs)
    waits.sort()
    return {
        "median_s": round(statistics.median(waits), 3),
        "p90_s": round(waits[int(0.9 * (len(waits) - 1))], 3),
        "max_s": round(waits[-1], 3),
    }


def throughput(count: int, batch: int) -> dict:
    """Trivial tasks per second, from the first start to the last finish of a batch."""
    from queue_tasks import noop

    ids = [noop.enqueue().id for _ in range(batch)]
    procs = start_workers(count)
    try:
        results = finished(ids)
    finally:
        stop_workers(procs)
    first = min(r.started_at for r in results)
    last = max(r.finished_at for r in results)
    seconds = (last - first).total_seconds()
    failed = sum(1 for r in results if r.status != "SUCCESSFUL")
    return {
        "tasks": batch,
        "seconds": round(seconds, 2),
        "per_s": round(batch / seconds, 1),
        "failed": failed,
    }


def report(row: dict) -> None:
    for count in ("1_worker", "2_worker"):
        p, t = row[count]["pickup"], row[count]["throughput"]
        print(
            f"{row['queue']:8} {count.replace('_', ' '):9}  pick-up median {p['median_s']:.3f} s "
            f"(p90 {p['p90_s']:.3f}, max {p['max_s']:.3f})  "
            f"{t['per_s']:7.1f} tasks/s ({t['tasks']} in {t['seconds']} s, {t['failed']} failed)"
        )


if __name__ == "__main__":
    sys.exit(main())
