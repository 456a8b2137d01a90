"""Which queue this site uses, and whether it can be reached."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks import task_backends

DATABASE, REDIS, IMMEDIATE = "database", "redis", "immediate"


def kind() -> str:
    """database, redis or immediate: the backend settings.TASKS names."""
    path = type(task_backends["default"]).__module__
    if path.startswith("django_tasks_db."):
        return DATABASE
    if path.startswith("django_tasks_rq."):
        return REDIS
    return IMMEDIATE


def first_line(exc: BaseException) -> str:
    """An error's first line (drivers add hints on further lines)."""
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def redis() -> Any:
    """The Redis connection RQ uses."""
    import django_rq

    return django_rq.get_connection("default")


def redis_address() -> str:
    """host:port of the Redis queue, without the password."""
    url = urlsplit(str(settings.RQ_QUEUES.get("default", {}).get("URL", "")))
    return f"{url.hostname or 'localhost'}:{url.port or 6379}"


def unreachable() -> str | None:
    """Why the queue (and the database every task needs) cannot be used, or None."""
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        return f"cannot reach the database: {first_line(exc)}"
    if kind() == REDIS:
        from redis.exceptions import RedisError

        try:
            redis().ping()
        except RedisError as exc:
            return f"cannot reach Redis at {redis_address()}: {first_line(exc)}"
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "the database is not set up: run `parting migrate` first"
    return None
