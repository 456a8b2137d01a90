"""What the load benchmarks share: real servers in child processes, wrk against them.

Traffic goes to loopback only. Every server started here is stopped when the block ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WRK = os.environ.get("WRK", "/usr/bin/wrk")
LUA = HERE / "wrk_requests.lua"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load() -> list[float]:
    """The machine's load average (1, 5, 15 minutes): figures are read against it."""
    return [round(x, 2) for x in os.getloadavg()]


def wait_for(url: str, proc: subprocess.Popen[Any], seconds: float = 120) -> None:
    """Until `url` answers 200; fail when the process dies or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before answering")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")
        time.sleep(0.2)


@contextmanager
def running(
    argv: Sequence[str], env: dict[str, str], ready_url: str, log: Path | None = None
) -> Iterator[subprocess.Popen[Any]]:
    """A child process (a server or a worker) for the length of the block, in its own
    process group so that stopping it stops the processes it forked too."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        list(argv), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        if ready_url:
            wait_for(ready_url, proc)
        yield proc
    finally:
        stop(proc)
        if log:
            out.close()  # type: ignore[union-attr]


def stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:  # ended meanwhile
        proc.wait()
        return
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wrk(
    base: str, requests: Sequence[str], connections: int, seconds: int, threads: int = 2
) -> dict[str, Any]:
    """Run wrk for `seconds` cycling through `requests` ("PATH COOKIE" lines); its summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(requests) + "\n")
    try:
        argv = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        argv += ["-s", str(LUA), base, "--", listing.name]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
    finally:
        os.unlink(listing.name)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
            result["req_per_s"] = round(result["requests"] / result["duration_s"], 1)
            result["error_count"] = sum(result["errors"].values())
            return result
    raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")


def python() -> str:
    return sys.executable
