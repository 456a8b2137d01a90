"""The production web servers behind `parting serve`.

gunicorn (processes, each with a pool of threads) on POSIX; waitress (one process of
threads) where gunicorn does not run, as on Windows. Both serve `parting.wsgi`.
"""

from __future__ import annotations

import errno
import socket
import sys
from typing import Any

from django.db import connections

from parting.core.domain.errors import Conflict

THREADS = 8  # per process: requests served at once by each process
MAX_WORKERS = 64


def gunicorn_available() -> bool:
    """gunicorn installs on POSIX only (pyproject.toml); elsewhere waitress serves alone."""
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def serve(host: str, port: int, workers: int = 1, threads: int = THREADS, server: str = "") -> str:
    """Serve the web app until stopped (Ctrl+C or SIGTERM); return the server's name.
    `server` forces "gunicorn" or "waitress" (the benchmarks compare them).

    Connections opened before (migrations, the banner) are closed first: a forked process
    must never share its parent's database socket."""
    from django.core.wsgi import get_wsgi_application

    connections.close_all()
    if server == "gunicorn" or (not server and gunicorn_available()):
        check_free(host, port)
        _run_gunicorn(host, port, workers, threads)
        return "gunicorn"
    import waitress

    try:
        waitress.serve(get_wsgi_application(), host=host, port=port, threads=threads * workers)
    except OSError as exc:
        raise Conflict(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return "waitress"


def check_free(host: str, port: int) -> None:
    """Fail in one line when the address is taken, naming a free port to try (gunicorn
    would retry for five seconds, logging each try). `parting serve` asks before it prints
    anything, and gunicorn's start asks again."""
    problem = _bind_problem(host, port)
    if problem is None:
        return
    if problem.errno == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + 20, 65536)) if _is_free(host, p)), 0)
        hint = f"; try --port {free}" if free else ""
        raise Conflict(f"{bind_address(host, port)} is already in use{hint}")
    raise Conflict(f"cannot listen on {host}:{port}: {problem.strerror or problem}")


def _is_free(host: str, port: int) -> bool:
    return _bind_problem(host, port) is None


def _bind_problem(host: str, port: int) -> OSError | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return exc
    return None


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for `parting serve`: threaded workers, quiet logs, no files."""
    return {
        "bind": [bind_address(host, port)],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # The app is loaded once, before the workers fork: they start at once and share
        # the loaded code's memory.
        "preload_app": True,
        "proc_name": "parting",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # A slow page (a large restore until it moves to the queue) is not a dead worker:
        # gthread workers report alive from their main thread, so this bounds a hung process.
        "timeout": 120,
        "graceful_timeout": 20,
        # One fixed control-socket path would be shared by every install on the machine.
        "control_socket_disable": True,
    }


def _run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    options = gunicorn_options(host, port, workers, threads)

    class Parting(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # older releases lack some settings
                    self.cfg.set(key, value)

        def load(self) -> Any:
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    try:
        Arbiter(Parting()).run()
    except SystemExit as stop:  # the arbiter exits the process when it halts
        if stop.code not in (0, None):
            raise Conflict(f"the web server stopped with status {stop.code}") from None
