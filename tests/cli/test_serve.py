"""`parting serve`: the first-run setup link, and a real server started as a subprocess."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from parting.cli import server

pytestmark = pytest.mark.django_db

LINK = re.compile(r"^  (http://\S+)/setup/\?token=(\S+)$", re.MULTILINE)


def test_banner_without_an_account_prints_a_one_time_setup_link(settings):
    settings.PARTING_BASE_URL = "http://127.0.0.1:8000"
    text = server.banner(server.DEFAULT_HOST, server.DEFAULT_PORT)
    assert text.startswith("No account yet. Open this one-time link to create yours:\n")
    base, _token = LINK.search(text).groups()
    assert base == "http://127.0.0.1:8000"


def test_banner_uses_the_address_asked_for():
    text = server.banner("localhost", 8123)
    assert LINK.search(text).group(1) == "http://localhost:8123"


def test_the_printed_token_creates_the_first_account_once(client):
    _base, token = LINK.search(server.banner("127.0.0.1", 8000)).groups()
    assert client.get(f"/setup/?token={token}").status_code == 200
    password = "correct horse battery staple"
    response = client.post(
        "/setup/",
        {
            "token": token,
            "email": "alice@example.com",
            "password": password,
            "password_again": password,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get().email == "alice@example.com"
    client.logout()
    assert client.get(f"/setup/?token={token}").status_code == 404


def test_banner_with_an_account_prints_the_address_only(alice, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    text = server.banner(server.DEFAULT_HOST, server.DEFAULT_PORT)
    assert text == "Parting is running at https://parting.example.org  (Ctrl+C to stop)"
    assert "token" not in text


class FakeChildren:
    """Stands in for the worker process serve runs beside the web server."""

    made: list[FakeChildren] = []

    def __init__(self, count=1):
        self.events = []
        FakeChildren.made.append(self)

    def start(self):
        self.events.append("start")

    def stop(self, grace=0):
        self.events.append("stop")


@pytest.fixture
def children(monkeypatch):
    FakeChildren.made = []
    monkeypatch.setattr("parting.queue.embedded.Children", FakeChildren)
    return FakeChildren.made


def test_serve_command_migrates_prints_and_starts_the_server(
    run, alice, monkeypatch, settings, tmp_path, children
):
    settings.PARTING_HOME = tmp_path  # serve notes where it listens in the data folder
    started = []

    def fake_serve(*args):
        started.append(args)
        assert [c.events for c in children] == [["start"]]  # the worker runs while serving

    monkeypatch.setattr("parting.cli.serving.serve", fake_serve)
    monkeypatch.setattr("parting.cli.serving.check_free", lambda *args: None)
    result = run("serve", "--port", "8123")
    assert result.code == 0, result.err
    assert result.lines == [
        "Parting is running at http://127.0.0.1:8123  (Ctrl+C to stop)",
        "Stopped.",
    ]
    assert started == [("127.0.0.1", 8123, 1)]
    assert (tmp_path / "served-at").read_text() == "http://127.0.0.1:8123\n"
    assert [c.events for c in children] == [["start", "stop"]]


def test_serve_no_worker_runs_no_worker(run, alice, monkeypatch, settings, tmp_path, children):
    settings.PARTING_HOME = tmp_path
    monkeypatch.setattr("parting.cli.serving.serve", lambda *args: None)
    monkeypatch.setattr("parting.cli.serving.check_free", lambda *args: None)
    assert run("serve", "--no-worker").code == 0
    assert children == []


def test_serve_backs_up_nothing_before_it_listens(run, alice, monkeypatch, settings, tmp_path):
    """Backups are periodic work on the worker now; start-up does nothing that grows."""
    settings.PARTING_HOME = tmp_path
    settings.PARTING_SERVE_BACKUPS = True
    monkeypatch.setattr("parting.cli.serving.serve", lambda *args: None)
    monkeypatch.setattr("parting.cli.serving.check_free", lambda *args: None)
    assert run("serve", "--no-worker").code == 0
    assert not (tmp_path / "backups").exists()


def test_serve_refuses_a_bad_port(run, alice):
    result = run("serve", "--port", "70000")
    assert (result.code, result.err) == (2, "parting: not a port number: 70000\n")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and Location, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=2) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


@pytest.mark.own_databases  # a real server on a SQLite home of its own
def test_smoke_serve_starts_a_real_server(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    env["PARTING_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "parting", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Migrating a new database takes a few seconds; more on a busy two-core machine.
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "server did not answer /healthz in time"
            time.sleep(0.1)
        status, location = _get(f"{base}/")
        assert status == 302
        assert location.startswith("/login/")
        worker = _worker_of(proc.pid)
        assert worker is not None, "no task worker runs beside the server"
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=40)
    assert "No account yet. Open this one-time link to create yours:" in out
    assert out.rstrip().endswith("Stopped.")  # SIGTERM stops it as Ctrl+C does
    assert "Traceback" not in err
    assert not Path(f"/proc/{worker}").exists(), "the worker outlived the server"


def _worker_of(pid: int) -> int | None:
    """The `parting worker --parent PID` process serve started, once it runs."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"worker" in argv and str(pid).encode() in argv:
                return int(entry.name)
        time.sleep(0.2)
    return None
