"""`parting worker` runs tasks from the queue; `parting tasks` lists what it ran and what
failed (for operators: tasks of every account, by id and name, never their data)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from parting.cli import output
from parting.cli.context import Context
from parting.core.domain.errors import Conflict, Invalid
from parting.queue import backend, status

MOST_THREADS = 64


def register(sub: Any, common: Any) -> None:
    work = sub.add_parser("worker")
    work.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="tasks run at once (threads on the database queue, processes on Redis)",
    )
    work.add_argument("--parent", type=int, help=argparse.SUPPRESS)  # serve's embedded worker
    work.set_defaults(handler=run_worker)

    tasks = sub.add_parser("tasks", parents=[common])
    tasks.add_argument("--failed", action="store_true", help="only the failed ones, with why")
    tasks.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    tasks.set_defaults(handler=list_tasks)


def run_worker(ctx: Context) -> None:
    count, parent = ctx.args.concurrency, ctx.args.parent
    if not 1 <= count <= MOST_THREADS:
        raise Invalid(f"--concurrency must be between 1 and {MOST_THREADS}")
    why = backend.unreachable()
    if why:
        raise Conflict(f"cannot start the worker: {why}")
    kind = backend.kind()
    # Failures get one line from the worker; their tracebacks are kept with the task.
    logging.getLogger("django_tasks").setLevel(logging.CRITICAL)
    if parent is None:
        ctx.env.write(f"Worker running: {_what(kind, count)} (Ctrl+C to stop)")
        ctx.env.stdout.flush()
    if kind == backend.REDIS:
        _work_on_redis(count, parent)
    else:
        from parting.queue.worker import Worker

        worker = Worker(count, parent=parent, claims=kind == backend.DATABASE)
        worker.handle_signals()
        worker.run()
    if parent is None:
        ctx.env.write("Worker stopped.")


def _what(kind: str, count: int) -> str:
    where = {
        backend.DATABASE: "the database queue",
        backend.REDIS: f"Redis at {backend.redis_address() if kind == backend.REDIS else ''}",
        backend.IMMEDIATE: "periodic work only (tasks run where they are enqueued)",
    }[kind]
    runs = f"{count} task{'s' if count != 1 else ''} at a time on " if kind != "immediate" else ""
    return runs + where


def _work_on_redis(count: int, parent: int | None) -> None:
    from parting.queue import rq_worker

    if count == 1:
        rq_worker.run(parent)
        return
    import signal
    import threading

    from parting.queue.embedded import Children

    children = Children(count)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    children.start()
    while not done.wait(1.0):
        pass
    children.stop(grace=float(3600))


def list_tasks(ctx: Context) -> None:
    rows = status.recent(failed=ctx.args.failed, limit=max(1, ctx.args.limit))
    if backend.kind() == backend.IMMEDIATE and not ctx.json:
        ctx.env.write("Tasks run where they are enqueued (PARTING_TASKS_URL=immediate): none kept.")
        return
    # Ids are cut to their first 8 characters here (as git does); --json has them whole.
    table = [
        [r.id[:8], r.name, r.status.lower(), _when(r.enqueued), _when(r.finished), r.error]
        for r in rows
    ]
    empty = "No failed tasks." if ctx.args.failed else "No tasks yet."
    ctx.emit([r.data() for r in rows], output.table(table, wrap=True) if table else [empty])


def _when(at: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(at).strftime("%m-%d %H:%M:%S") if at else ""
