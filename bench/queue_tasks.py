"""The trivial task bench_queue.py measures the queue with: a worker imports it by name."""

from __future__ import annotations

from django_tasks import task


@task()
def noop() -> None:
    """Nothing at all: what remains is the queue's own cost."""
