"""The import benchmark's file (30,000 LinkedIn rows into an account of 30,000 contacts)
imported through the task queue, as `parting import` and the web's "Import for real" do it.

The parent builds a fresh database and the file (bench_import.py's account and CSV), then:
1. `parting import linkedin FILE --no-wait --json` stages the file in the database and
   queues the job (timed: reading, checking the size, staging);
2. `parting worker` takes the job and runs it, and is stopped once the job is done: its
   wall time and peak RSS (ru_maxrss, the whole worker process including Django) are
   measured from outside;
3. the job row gives the task's own time (started → finished) and so rows per second, and
   how often its progress was written.
Targets: the task under 5 s and the worker under 300 MB, as for the direct import.
Results: bench-results/import-queue-<engine>.json.

    .venv/bin/python bench/bench_import_queue.py [--existing 30000] [--rows 30000]
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_import import (
    EMAIL,
    ROOT,
    TARGET_MB,
    TARGET_S,
    _drop_pg,
    _fresh_pg,
    parse,
    seed_account,
    write_csv,
)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run to the end: wall seconds, peak RSS in MB, stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:4])}… failed:\n{err}")
    return seconds, usage.ru_maxrss / 1024, out


def _work_until_done(env: dict[str, str], done: Callable[[], bool]) -> tuple[float, float]:
    """`parting worker` until done(), then stopped as Ctrl+C would: seconds, peak RSS (MB)."""
    start = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "parting", "worker"], env=env, stderr=subprocess.DEVNULL
    )
    while not done():
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    worker.send_signal(signal.SIGINT)
    _, _, usage = os.wait4(worker.pid, 0)
    return seconds, usage.ru_maxrss / 1024


def run(argv: list[str] | None = None) -> dict:
    args = parse(argv)
    home = Path(tempfile.mkdtemp(prefix="parting-bench-import-queue-"))
    env = {**os.environ, "PARTING_HOME": str(home), "DJANGO_SETTINGS_MODULE": "parting.settings"}
    env.pop("PARTING_USER", None)
    env.pop("PARTING_TASKS_URL", None)  # the app's database
    pg = env.get("DATABASE_URL", "")
    if pg:
        env["DATABASE_URL"] = _fresh_pg(pg)
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        engine = connection.vendor
        call_command("migrate", verbosity=0)
        seed_account(args)
        csv_path = home / "Connections.csv"
        write_csv(args, csv_path)
        connection.close()
        parting = [sys.executable, "-m", "parting", "--user", EMAIL, "--json"]
        queue_s, _, out = _timed([*parting, "import", "linkedin", str(csv_path), "--no-wait"], env)
        job_id = json.loads(out)["id"]
        from parting.core.models import Contact, Job

        worker_s, worker_mb = _work_until_done(env, lambda: Job.objects.get(pk=job_id).finished)
        job = Job.objects.get(pk=job_id)
        task_s = (job.finished_at - job.started_at).total_seconds()
        result = {
            "engine": engine,
            "existing": args.existing,
            "rows": args.rows,
            "status": job.status,
            "error": job.error,
            "counts": job.result.get("counts"),
            "enqueue_seconds": round(queue_s, 2),
            "wait_seconds": round((job.started_at - job.created_at).total_seconds(), 2),
            "task_seconds": round(task_s, 2),
            "rows_per_second": round(args.rows / task_s),
            "worker_seconds": round(worker_s, 2),
            "worker_peak_mb": round(worker_mb, 1),
            "contacts_after": Contact.objects.filter(owner__email=EMAIL).count(),
        }
        connection.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if pg:
            _drop_pg(pg)
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    r = run(argv)
    print(
        f"{r['engine']}: {r['rows']:,} rows into {r['existing']:,} contacts through the queue: "
        f"{r['status']}; queued in {r['enqueue_seconds']:.2f} s, task {r['task_seconds']:.2f} s "
        f"(target < {TARGET_S:.0f} s, {r['rows_per_second']:,} rows/s), worker peak "
        f"{r['worker_peak_mb']:.0f} MB (target < {TARGET_MB:.0f} MB), from the worker's start "
        f"to the job done {r['worker_seconds']:.2f} s"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"import-queue-{r['engine']}.json"
    path.write_text(json.dumps(r, indent=2) + "\n")
    ok = r["status"] == "done" and r["task_seconds"] < TARGET_S
    return 0 if ok and r["worker_peak_mb"] < TARGET_MB else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
