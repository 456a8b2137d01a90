"""`parting worker` on the app's own database (django-tasks-db's table).

One thread claims tasks, a pool of `concurrency` threads runs them, and a housekeeping thread
beats, fails the tasks of workers that stopped, and ticks the scheduler. A claim locks the
row (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite)
and marks it running in the same transaction, so any number of workers on one database take
each task exactly once. Ctrl+C or SIGTERM stops claiming and lets running tasks finish; a
second one stops at once (those tasks are then failed by the next worker to look).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django_tasks import TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from parting.queue import beats, scheduler
from parting.queue.backend import first_line
from parting.queue.outage import Outage

log = logging.getLogger("parting.worker")

# Seconds between looks for a ready task while idle: half of it is the mean pick-up delay.
POLL = 0.5


def claim(worker_id: str) -> DBTaskResult | None:
    """The next ready task, marked running by this worker; None when there is none."""
    ready = DBTaskResult.objects.ready().filter(backend_name="default")
    if connection.vendor == "sqlite" and not ready.exists():  # an idle poll takes no lock
        return None
    try:
        with exclusive_transaction(ready.db):
            found = ready.get_locked()
            if found is not None:
                found.claim(worker_id)
            return found
    except OperationalError as exc:
        if is_locked_database_exception(exc):  # SQLite busy past its timeout: next time
            return None
        raise


def execute(found: DBTaskResult) -> tuple[bool, Any]:
    """Run one claimed task: (True, return value) or (False, the exception)."""
    try:
        task = found.task
        result = found.task_result
        sender = type(task.get_backend())
        task_started.send(sender=sender, task_result=result)
        if task.takes_context:
            context = TaskContext(task_result=result)  # type: ignore[arg-type]
            value = task.call(context, *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
    except (Exception, SystemExit) as exc:
        return False, exc
    return True, value


def record(found: DBTaskResult, ok: bool, outcome: Any) -> None:
    """Store a task's outcome. A return value that cannot be stored fails the task."""
    if ok:
        try:
            found.set_successful(outcome)
        except DatabaseError:
            raise
        except Exception as exc:  # e.g. not JSON
            found.set_failed(exc)
    else:
        found.set_failed(outcome)
    with contextlib.suppress(ImportError, SuspiciousOperation):  # a task gone from the code
        task_finished.send(sender=type(found.task.get_backend()), task_result=found.task_result)


class Worker:
    """One worker process on the database queue."""

    def __init__(
        self, concurrency: int = 1, parent: int | None = None, claims: bool = True
    ) -> None:
        self.id = beats.new_worker_id()
        self.concurrency = concurrency
        self.parent = parent
        self.claims = claims  # False: periodic work only (tasks run where they are enqueued)
        self.stopping = threading.Event()
        self.slots = threading.Semaphore(concurrency)
        self.outage = Outage(log)

    def run(self) -> None:
        """Work until stopped. The caller checked that the queue can be reached."""
        self.retry(lambda: beats.register(self.id), give_up=True)
        house = threading.Thread(target=self.housekeeping, name="parting-housekeeping")
        house.start()
        pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="parting-task")
        try:
            self.claim_loop(pool.submit)
        finally:
            self.stopping.set()
            pool.shutdown(wait=True)  # running tasks finish
            house.join()
            self.retry(lambda: beats.forget(self.id), give_up=True)
            connection.close()

    def claim_loop(self, submit: Callable[..., Any]) -> None:
        while not self.claims and not self.stopping.wait(POLL):
            pass
        while not self.stopping.is_set():
            if not self.slots.acquire(timeout=POLL):
                continue
            try:
                found = claim(self.id)
            except DatabaseError as exc:
                self.slots.release()
                self.lost(exc)
                continue
            self.outage.ok()
            if found is None:
                self.slots.release()
                self.stopping.wait(POLL)
                continue
            submit(self.run_one, found)

    def run_one(self, found: DBTaskResult) -> None:
        try:
            close_old_connections()
            ok, outcome = execute(found)
            self.retry(lambda: record(found, ok, outcome))
            if not ok:
                name = found.task_path.rsplit(".", 1)[-1]
                log.warning("Task %s (%s) failed: %s", found.pk, name, first_line(outcome))
        finally:
            close_old_connections()
            self.slots.release()

    def retry(self, write: Callable[[], None], give_up: bool = False) -> None:
        """Write through an outage: until the database is back, or (give_up) until stopping."""
        while True:
            try:
                write()
            except DatabaseError as exc:
                self.lost(exc)
                if give_up and self.stopping.is_set():
                    return
                continue
            self.outage.ok()
            return

    def lost(self, exc: DatabaseError) -> None:
        wait = self.outage.failed(exc)
        connection.close()  # the next attempt reconnects
        if self.stopping.is_set():
            time.sleep(wait)
        else:
            self.stopping.wait(wait)

    def housekeeping(self) -> None:
        """Beat, fail the tasks of stopped workers, tick the scheduler; until stopped."""
        tick_every = settings.PARTING_SCHEDULER_SECONDS
        next_tick = time.monotonic() + tick_every  # never at start-up
        sweep = True
        next_beat = time.monotonic()
        while not self.stopping.wait(max(0.05, min(next_beat, next_tick) - time.monotonic())):
            try:
                if time.monotonic() >= next_beat:
                    next_beat = time.monotonic() + beats.every()
                    beats.beat(self.id)
                    # After an outage, give every worker time to beat before judging any.
                    if sweep or self.outage.steady_for >= settings.PARTING_WORKER_STALE_SECONDS:
                        beats.reap(sweep=sweep)
                        sweep = False
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + tick_every
                    scheduler.tick()
                self.outage.ok()
            except DatabaseError as exc:
                self.lost(exc)
            except Exception:  # a broken job must not stop the worker
                log.exception("periodic work failed")
            finally:
                close_old_connections()
            if self.parent and os.getppid() != self.parent:
                log.warning("parting serve is gone; stopping")
                self.stop()

    def stop(self) -> None:
        self.stopping.set()

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            os._exit(1)  # a second Ctrl+C: at once; running tasks are failed by the next look
        if self.parent is None:  # serve's own worker stops with it, without a word
            log.warning("Stopping after the running tasks finish (again to stop at once)")
        self.stop()

    def handle_signals(self) -> None:
        signal.signal(signal.SIGINT, self.on_signal)
        signal.signal(signal.SIGTERM, self.on_signal)
