"""Preview on one app process, import for real on another: the upload waits in the database.

Two real `parting serve` processes, each with its own PARTING_HOME, share one PostgreSQL
database made for this test (and dropped after: pytest's own test database belongs to the
pytest process). The worker each `parting serve` runs beside it takes the import. Skipped,
saying why, when no PostgreSQL answers; in CI (CI set) that is a failure."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.imports.helpers import fixture

PG_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
EMAIL, PASSWORD = "alice@example.com", "correct horse battery staple"


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(PG_URL.replace("postgres://", "postgresql://", 1), autocommit=True)


# Its own PostgreSQL databases, whatever the suite runs on: run once.
pytestmark = pytest.mark.own_databases


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database on the server in DATABASE_URL; its URL."""
    try:
        _admin().close()
    except Exception as exc:
        reason = f"PostgreSQL not reachable at {PG_URL}: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    name = f"parting_across_{os.getpid()}"
    with _admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _env(url: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    home.mkdir(exist_ok=True)
    return {
        **env,
        "DATABASE_URL": url,
        "PARTING_HOME": str(home),
        "PARTING_SECRET_KEY": "one-secret-for-every-process-" + "x" * 40,
        "PARTING_SERVE_BACKUPS": "0",
    }


def _parting(*args: str, env: dict[str, str], stdin: str = "") -> None:
    command = [sys.executable, "-m", "parting", *args]
    subprocess.run(command, env=env, input=stdin, text=True, check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _process(command: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            out = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            out = proc.communicate()[0]
        print(f"--- {' '.join(command[2:])}\n{out}")  # shown when the test fails


class Browser:
    """Cookies and CSRF like a browser; one cookie jar for every port of 127.0.0.1."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url: str, fields: dict[str, str], file: tuple[str, bytes] | None = None) -> str:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf()}
        body, kind = _multipart(fields, file) if file else _form(fields)
        request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})  # noqa: S310
        request.add_header("Referer", url)
        with self.opener.open(request, timeout=60) as response:
            return response.geturl() + "\n" + response.read().decode()


def _form(fields: dict[str, str]) -> tuple[bytes, str]:
    return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"


def _multipart(fields: dict[str, str], file: tuple[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    name, data = file
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
    parts.append(head.encode() + b"Content-Type: text/csv\r\n\r\n" + data + b"\r\n")
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _wait_until_up(base: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[0]
        with contextlib.suppress(OSError), Browser().opener.open(f"{base}/healthz") as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{base} did not answer /healthz in time")


def test_preview_on_one_process_apply_on_another(database, tmp_path):
    env_a, env_b = _env(database, tmp_path / "a"), _env(database, tmp_path / "b")
    _parting("migrate", env=env_a)
    _parting("user", "create", EMAIL, "--password-stdin", env=env_a, stdin=PASSWORD + "\n")
    a, b = f"http://127.0.0.1:{_free_port()}", f"http://127.0.0.1:{_free_port()}"
    serve = [sys.executable, "-m", "parting", "serve", "--port"]  # each with its own worker
    with (
        _process([*serve, a.rsplit(":", 1)[1]], env_a) as one,
        _process([*serve, b.rsplit(":", 1)[1]], env_b) as other,
    ):
        _wait_until_up(a, one)
        _wait_until_up(b, other)
        browser = Browser()
        browser.get(f"{a}/login/")
        browser.post(f"{a}/login/", {"username": EMAIL, "password": PASSWORD})
        browser.get(f"{a}/data/")
        upload = ("linkedin_current.csv", fixture("linkedin_current.csv"))
        preview = browser.post(f"{a}/data/import/", {"kind": "linkedin"}, upload)
        assert "Preview: linkedin_current.csv" in preview
        token = re.search(r'action="/data/import/([\w-]+)/"', preview).group(1)
        landed = browser.post(f"{b}/data/import/{token}/", {})  # the other process
        job_url = landed.splitlines()[0]
        assert re.fullmatch(rf"{b}/data/jobs/\d+/", job_url), job_url
        deadline = time.monotonic() + 60
        while "Imported linkedin_current.csv" not in (page := browser.get(job_url)):
            assert "failed:" not in page, re.search(r"failed: [^<]*", page).group(0)
            assert time.monotonic() < deadline, "the worker did not finish the import in time"
            time.sleep(0.5)
    assert "3 new, 0 merged, 0 to review, 1 skipped" in page
    import psycopg

    with psycopg.connect(database.replace("postgres://", "postgresql://", 1)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM core_contact ORDER BY name")]
        assert len(names) == 3 and "Zoë Ørsted" in names
        assert conn.execute("SELECT count(*) FROM core_stagedupload").fetchone() == (0,)
    assert not any((tmp_path / side / "imports").exists() for side in ("a", "b"))
