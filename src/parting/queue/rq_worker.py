"""`parting worker` on Redis (PARTING_TASKS_URL=redis://…): an RQ worker that also ticks the
scheduler.

RQ's worker forks a work horse for each task: a horse that dies is failed at once, and a
worker killed while its horse runs leaves the horse to finish the task. A lost Redis is
retried with backoff and said once; a lost database is the scheduler's to say once.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import rq
from django.conf import settings
from django.db import DatabaseError, connections

from parting.queue import backend, scheduler
from parting.queue.outage import Outage
from parting.queue.status import error_line

log = logging.getLogger("parting.worker")
database = Outage(log)
redis = Outage(log, "Redis")


class OneLine(logging.Filter):
    """RQ logs every retry while Redis is away, and a traceback for each failed task: one
    line per outage and per failure is enough (the traceback is kept with the task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if "exception raised while executing" in message:
            args = record.args if isinstance(record.args, tuple) else ()
            if len(args) == 4:
                _worker, job, path, trace = args
                record.msg = "Task %s (%s) failed: %s"
                record.args = (job, str(path).rsplit(".", 1)[-1], error_line(str(trace)))
            return True
        if "could not connect to Redis" in message:
            args = record.args if isinstance(record.args, tuple) else ()
            error = args[1] if len(args) > 1 else None
            redis.failed(error if isinstance(error, BaseException) else Exception("lost"))
            return False
        if "unhandled exception, quitting" in message and record.exc_info:
            redis.failed(record.exc_info[1] or Exception("lost"))  # `run` starts RQ again
            return False
        return True


class Worker(rq.Worker):
    """RQ's forking worker; its maintenance (every PARTING_SCHEDULER_SECONDS) ticks ours."""

    parent: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        every = settings.PARTING_SCHEDULER_SECONDS
        kwargs.setdefault("maintenance_interval", every)
        kwargs.setdefault("worker_ttl", every + 15)  # so an idle wait ends in time to tick
        super().__init__(*args, **kwargs)
        self.next_tick = time.monotonic() + every  # never at start-up

    def heartbeat(self, *args: Any, **kwargs: Any) -> None:
        super().heartbeat(*args, **kwargs)
        redis.ok()

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()  # type: ignore[no-untyped-call]
        if self.parent and os.getppid() != self.parent:
            log.warning("parting serve is gone; stopping")
            self._stop_requested = True
        if time.monotonic() < self.next_tick:
            return
        self.next_tick = time.monotonic() + settings.PARTING_SCHEDULER_SECONDS
        try:
            scheduler.tick()
            database.ok()
        except DatabaseError as exc:
            database.failed(exc)
        except Exception:  # a broken job must not stop the worker
            log.exception("periodic work failed")
        finally:
            connections.close_all()  # a forked horse must not share this process's connection


def run(parent: int | None = None) -> None:
    """Work until stopped; start again (with backoff) when RQ gives up on a lost Redis."""
    from django_rq.queues import get_queues
    from django_tasks_rq.backend import Job

    logging.getLogger("rq.worker").addFilter(OneLine())
    connections.close_all()
    while True:
        queues = get_queues("default", job_class=Job)  # type: ignore[no-untyped-call]
        worker = Worker(queues, connection=backend.redis(), job_class=Job)
        worker.parent = parent
        worker.log.setLevel(logging.WARNING)
        worker.work(with_scheduler=True, logging_level="WARNING")
        if worker._stop_requested or worker._shutdown_requested_date:
            return
        # RQ stopped on an error of its own (Redis went away mid-task): say it once, retry.
        time.sleep(redis.failed(Exception("the worker lost Redis")))
        while backend.unreachable():
            time.sleep(redis.failed(Exception("still unreachable")))
