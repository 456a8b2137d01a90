"""`parting serve --workers N`: gunicorn's processes on POSIX, waitress where it is missing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from parting.cli import serving
from parting.core.domain.errors import Conflict

pytestmark = pytest.mark.django_db

POSIX = pytest.mark.skipif(not serving.gunicorn_available(), reason="gunicorn runs on POSIX")


def test_workers_must_be_a_sensible_number(run, alice):
    for bad in ("0", "-2", "65"):
        result = run("serve", "--workers", bad)
        assert (result.code, result.err) == (
            2,
            f"parting: --workers must be between 1 and 64, not {bad}\n",
        )


def test_workers_go_to_the_server(run, alice, monkeypatch, settings, tmp_path):
    settings.PARTING_HOME = tmp_path
    started = []
    monkeypatch.setattr(serving, "serve", lambda *args: started.append(args))
    monkeypatch.setattr(serving, "check_free", lambda *args: None)
    assert run("serve", "--port", "8124", "--workers", "3", "--no-worker").code == 0
    assert started == [("127.0.0.1", 8124, 3)]


def test_gunicorn_runs_threaded_processes_quietly():
    options = serving.gunicorn_options("0.0.0.0", 8000, 4, 8)  # noqa: S104
    assert options["bind"] == ["0.0.0.0:8000"]
    assert (options["workers"], options["threads"], options["worker_class"]) == (4, 8, "gthread")
    assert options["accesslog"] is None
    assert serving.gunicorn_options("::1", 8000, 1, 8)["bind"] == ["[::1]:8000"]


def test_without_gunicorn_waitress_serves_with_the_threads_of_all_workers(
    run, alice, monkeypatch, settings, tmp_path
):
    settings.PARTING_HOME = tmp_path
    monkeypatch.setattr(serving, "gunicorn_available", lambda: False)
    started = {}
    monkeypatch.setattr("waitress.serve", lambda app, **options: started.update(options))
    monkeypatch.setattr(serving, "check_free", lambda *args: None)
    result = run("serve", "--port", "8125", "--workers", "3", "--no-worker")
    assert result.code == 0, result.err
    assert result.err == "parting: one process with 24 threads here\n"
    assert started == {"host": "127.0.0.1", "port": 8125, "threads": 24}


def test_a_taken_port_is_one_line_and_status_1_before_anything_is_printed(
    run, alice, settings, tmp_path, monkeypatch
):
    settings.PARTING_HOME = tmp_path
    served = []
    monkeypatch.setattr(serving, "serve", lambda *args: served.append(args))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--workers", "2", "--no-worker")
    assert result.code == 1
    assert result.out == "" and served == []  # no banner, no "running", no server
    assert result.err.startswith(f"parting: 127.0.0.1:{port} is already in use; try --port ")
    suggested = int(result.err.rsplit("--port ", 1)[1])
    assert suggested > port
    assert result.err.count("\n") == 1


def test_a_taken_port_is_named_with_a_free_one_to_try():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(Conflict) as refused:
            serving.check_free("127.0.0.1", port)
    assert refused.value.message.startswith(f"127.0.0.1:{port} is already in use; try --port ")
    serving.check_free("127.0.0.1", port)  # free again once closed


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@POSIX
@pytest.mark.own_databases  # a real server on a SQLite home of its own
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_smoke_two_worker_processes_serve_and_stop_on_ctrl_c(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    env["PARTING_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "parting", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        # Two web processes, and the task worker serve runs beside them.
        while len(_children(proc.pid)) < 3 or not _answers(f"http://127.0.0.1:{port}/healthz"):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "two workers did not answer in time"
            time.sleep(0.2)
        children = _children(proc.pid)
        assert len(children) == 3
        assert all(_answers(f"http://127.0.0.1:{port}/login/") for _ in range(10))
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=40)
    assert proc.returncode == 0, err
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert out.splitlines()[-1] == "Stopped."
    assert "Traceback" not in err


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False
