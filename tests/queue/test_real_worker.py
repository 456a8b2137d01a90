"""A real `parting worker` process: on SQLite, on PostgreSQL, and on Redis (RQ)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import threading
import time

import pytest

# Its own databases (a SQLite file, PostgreSQL, Redis), whatever the suite runs on: run once.
pytestmark = pytest.mark.own_databases


def test_a_task_enqueued_is_run_by_a_worker_and_a_failure_is_kept_with_why(queue):
    owner = queue.drive("account", "alice@example.com")
    queue.worker()
    [added] = queue.enqueue("add_contacts", int(owner), ["Rita Ortiz", "Sam Lee"])
    [failed] = queue.enqueue("fail", "no such mail server")
    done = queue.wait([added, failed])
    assert done[added]["status"] == "SUCCESSFUL"
    assert done[failed]["status"] == "FAILED"
    assert "no such mail server" in done[failed]["error"]
    assert queue.contacts() == ["Rita Ortiz", "Sam Lee"]
    listed = queue.parting("tasks", "--failed", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["task"], row["status"]) == (failed, "fail", "failed")
    assert row["error"] == "ValueError: no such mail server"


def test_two_workers_never_run_the_same_task_twice(db_queue):
    owner = int(db_queue.drive("account", "alice@example.com"))
    db_queue.worker("--concurrency", "2")
    db_queue.worker("--concurrency", "2")
    # Each task works 0.3 s before its short write: long enough that both workers claim some.
    each = [[owner, [f"Person {i:02}"], 0.0, "", 0.3] for i in range(30)]
    ids = db_queue.drive("each", "add_contacts", json.dumps(each)).split()
    done = db_queue.wait(ids, seconds=120)
    assert len(done) == 30
    assert [d["error"] for d in done.values() if d["status"] != "SUCCESSFUL"] == []
    assert all(len(d["workers"]) == 1 for d in done.values())  # each claimed once
    assert len({d["workers"][0] for d in done.values()}) == 2  # both took tasks
    assert sorted(db_queue.contacts()) == [f"Person {i:02}" for i in range(30)]


def test_a_worker_killed_mid_task_leaves_the_task_failed_and_nothing_written(db_queue, tmp_path):
    owner = int(db_queue.drive("account", "alice@example.com"))
    quick = {"PARTING_WORKER_STALE_SECONDS": "2"}  # the second worker judges the first soon
    doomed = db_queue.worker(env=quick)
    pidfile = tmp_path / "pid"
    [task] = db_queue.enqueue("add_contacts", owner, ["A", "B", "C"], 1.0, str(pidfile))
    db_queue.wait_until(pidfile.exists, what="the task to start")
    time.sleep(1.2)  # one contact is written, inside the task's transaction
    os.kill(int(pidfile.read_text()), signal.SIGKILL)
    doomed.communicate()
    db_queue.worker(env=quick)  # the next worker sees the first one gone, after 2 s
    done = db_queue.wait([task], seconds=60)
    assert done[task]["status"] == "FAILED"
    assert "the worker running it stopped" in done[task]["error"]
    assert db_queue.contacts() == []


def test_on_redis_a_task_whose_process_is_killed_is_failed_and_writes_nothing(
    redis_queue, tmp_path
):
    owner = int(redis_queue.drive("account", "alice@example.com"))
    redis_queue.worker()
    pidfile = tmp_path / "pid"
    [task] = redis_queue.enqueue("add_contacts", owner, ["A", "B", "C"], 1.0, str(pidfile))
    redis_queue.wait_until(pidfile.exists, what="the task to start")
    time.sleep(1.2)
    os.kill(int(pidfile.read_text()), signal.SIGKILL)  # RQ's work horse for this task
    done = redis_queue.wait([task], seconds=60)
    assert done[task]["status"] == "FAILED"
    assert redis_queue.contacts() == []


def test_ctrl_c_lets_the_running_task_finish_then_stops(queue, tmp_path):
    owner = int(queue.drive("account", "alice@example.com"))
    proc = queue.worker()
    pidfile = tmp_path / "pid"
    [task] = queue.enqueue("add_contacts", owner, ["A", "B"], 0.8, str(pidfile))
    queue.wait_until(pidfile.exists, what="the task to start")
    code, out, err = queue.stop(proc, signal.SIGINT)
    assert code == 0, err
    assert out.rstrip().endswith("Worker stopped.")
    assert "Traceback" not in err
    assert queue.wait([task], seconds=5)[task]["status"] == "SUCCESSFUL"
    assert queue.contacts() == ["A", "B"]


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"}, "cannot reach the database"),
        ({"PARTING_TASKS_URL": "redis://127.0.0.1:1/0"}, "cannot reach Redis at 127.0.0.1:1"),
    ],
    ids=["database", "redis"],
)
def test_a_worker_with_no_queue_to_reach_exits_1_with_one_line(tmp_path, env, said):
    from tests.queue.conftest import ROOT, Queue

    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    queue = Queue(
        env={**base, "PARTING_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}, home=tmp_path
    )
    assert queue.parting("migrate").returncode == 0
    done = queue.parting("worker", env=env, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"parting: cannot start the worker: {said}")


def test_every_worker_ticks_the_scheduler_and_each_backup_runs_once(pg_queue):
    pg_queue.drive("account", "alice@example.com")
    pg_queue.drive("account", "bob@example.com")
    on = {"PARTING_SERVE_BACKUPS": "1"}
    pg_queue.worker(env=on)
    pg_queue.worker(env=on)
    folder = pg_queue.home / "backups"
    pg_queue.wait_until(
        lambda: len(list(folder.glob("*/parting-backup-*.json"))) == 2, what="two backups"
    )
    time.sleep(2.5)  # more ticks, from both workers
    listed = json.loads(pg_queue.parting("tasks", "--json").stdout)
    names = sorted(row["task"].split(" (")[0] for row in listed)
    assert names == [
        "backup",
        "backup",
        "clear-uploads",
        "forget-old-deliveries",
        "forget-old-tasks",
    ]


class Proxy:
    """A TCP forwarder the test can cut and restore: the database going away and back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.up = threading.Event()
        self.up.set()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if not self.up.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    def pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            s.close()

    def cut(self) -> None:
        self.up.clear()
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self.open = []

    def restore(self) -> None:
        self.up.set()


def test_a_worker_that_loses_the_database_says_so_once_and_carries_on(pg_queue):
    from urllib.parse import urlsplit

    real = urlsplit(pg_queue.env["DATABASE_URL"])
    proxy = Proxy((real.hostname, real.port or 5432))
    via = pg_queue.env["DATABASE_URL"].replace(f":{real.port or 5432}/", f":{proxy.port}/")
    owner = int(pg_queue.drive("account", "alice@example.com"))
    proc = pg_queue.worker(env={"DATABASE_URL": via, "PARTING_CONN_MAX_AGE": "0"})
    proxy.cut()
    time.sleep(6)  # several attempts, each refused
    proxy.restore()
    [task] = pg_queue.enqueue("add_contacts", owner, ["After"])
    done = pg_queue.wait([task], seconds=60)
    code, _out, err = pg_queue.stop(proc)
    assert done.get(task, {}).get("status") == "SUCCESSFUL", err
    assert code == 0
    lines = err.strip().splitlines()
    assert len([line for line in lines if "unreachable" in line]) == 1, err
    assert len([line for line in lines if "is back after" in line]) == 1, err
    assert "Traceback" not in err
