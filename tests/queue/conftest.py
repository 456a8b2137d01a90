"""Real `parting worker` processes on a database (and Redis) of their own.

Each test gets a fresh queue: a SQLite file, a new PostgreSQL database, or PostgreSQL with a
Redis database of its own. PostgreSQL and Redis are used when they answer; elsewhere their
tests are skipped with a notice, and in CI (CI=true) nothing is skipped."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379"


def _missing(what: str, why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI: {what} is not reachable: {why}")
    pytest.skip(f"NOTICE: {what} not reachable, real-worker tests on it are SKIPPED ({why})")


def _pg(url: str):
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def _with_db(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@dataclass
class Queue:
    """One fresh queue and the environment its processes share."""

    env: dict[str, str]
    home: Path
    procs: list[subprocess.Popen] = field(default_factory=list)

    def run(
        self, *args: str, env: dict | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )

    def parting(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.run("parting", *args, **kw)

    def drive(self, *args: str) -> str:
        done = self.run("tests.queue.drive", *args)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def enqueue(self, task: str, *args, count: int = 1) -> list[str]:
        return self.drive("enqueue", task, json.dumps(list(args)), str(count)).split()

    def wait(self, ids: list[str], seconds: float = 60) -> dict:
        return json.loads(self.drive("wait", str(seconds), *ids))

    def contacts(self) -> list[str]:
        return json.loads(self.drive("contacts"))

    def worker(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        """A started `parting worker`, once it says it is running."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "parting", "worker", *args],
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,  # its group can be killed whole (RQ forks helpers)
        )
        self.procs.append(proc)
        line = proc.stdout.readline()
        assert line.startswith("Worker running"), (line, proc.stderr.read() if proc.poll() else "")
        return proc

    def stop(self, proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err

    def wait_until(self, test, seconds: float = 30, what: str = "") -> None:
        deadline = time.monotonic() + seconds
        while not test():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.1)


BACKENDS = ["sqlite", "postgres", "redis"]


def _base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    env.update(
        PARTING_HOME=str(home),
        PYTHONPATH=str(ROOT),
        # Long enough that a worker slowed by a busy machine is not taken for dead: a beat
        # on SQLite may wait out the whole busy timeout (10 s) behind another writer.
        PARTING_WORKER_STALE_SECONDS="30",
        PARTING_SCHEDULER_SECONDS="1",
    )
    return env


class Templates:
    """A migrated database per kind, made once per test session and copied for each test:
    migrating takes seconds, copying a file or a template database a fraction of one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, str] = {}

    def sqlite(self) -> Path:
        if "sqlite" not in self.made:
            home = self.folder / "sqlite-template"
            home.mkdir()
            self._migrate(Queue(env=_base_env(home), home=home))
            self.made["sqlite"] = str(home / "parting.sqlite3")
        return Path(self.made["sqlite"])

    def postgres(self, admin) -> str:
        if "postgres" not in self.made:
            name = f"parting_worker_template_{os.getpid()}"
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
            env = {**_base_env(self.folder), "DATABASE_URL": _with_db(PG_URL, name)}
            self._migrate(Queue(env=env, home=self.folder))
            self.made["postgres"] = name
        return self.made["postgres"]

    def _migrate(self, queue: Queue) -> None:
        done = queue.parting("migrate")
        assert done.returncode == 0, done.stderr

    def drop(self) -> None:
        if "postgres" in self.made:
            with _pg(PG_URL) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.made["postgres"]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    made = Templates(tmp_path_factory.mktemp("queue-templates"))
    yield made
    made.drop()


@pytest.fixture(params=BACKENDS)
def queue(request, tmp_path, templates):
    yield from _queue(request.param, tmp_path, templates)


@pytest.fixture(params=["sqlite", "postgres"])
def db_queue(request, tmp_path, templates):
    """The database backend only (SQLite, PostgreSQL)."""
    yield from _queue(request.param, tmp_path, templates)


@pytest.fixture
def pg_queue(tmp_path, templates):
    yield from _queue("postgres", tmp_path, templates)


@pytest.fixture
def redis_queue(tmp_path, templates):
    yield from _queue("redis", tmp_path, templates)


def _queue(kind: str, tmp_path: Path, templates: Templates):
    env = _base_env(tmp_path)
    name = admin = None
    if kind == "sqlite":
        shutil.copy(templates.sqlite(), tmp_path / "parting.sqlite3")
    else:
        try:
            admin = _pg(PG_URL)
        except Exception as exc:
            _missing("PostgreSQL", str(exc).splitlines()[0])
        name = f"parting_worker_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{templates.postgres(admin)}"')
        env["DATABASE_URL"] = _with_db(PG_URL, name)
    if kind == "redis":
        env["PARTING_TASKS_URL"] = f"{REDIS_URL}/{_redis_db()}"
    queue = Queue(env=env, home=tmp_path)
    if kind == "redis":  # django-rq's own tables, on top of the template
        templates._migrate(queue)
    try:
        yield queue
    finally:
        for proc in queue.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        if kind == "redis":
            _flush_redis(env["PARTING_TASKS_URL"])
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def _redis_db() -> int:
    """A Redis database number of this test run's own (1-15), empty."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:
        _missing("Redis at 127.0.0.1:6379", str(exc).splitlines()[0])
    for number in range(1, 16):
        client = redis.Redis.from_url(f"{REDIS_URL}/{number}")
        if client.dbsize() == 0 and client.set("parting-test-lock", os.getpid(), nx=True):
            return number
    pytest.fail("no free Redis database (1-15) for this test")


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()
