"""Restore a big account on SQLite while another process writes, and measure both.

    .venv/bin/python bench/bench_restore.py [--contacts 5000 --conversations 20000 --leads 3000]

Three processes share one SQLite file in a temporary PARTING_HOME: `prepare` builds the bench
account (bench/benchdata.py) and writes its backup; `parting restore` restores it over a second
account, timed, with its peak memory (ru_maxrss); `writer` adds contacts to a third account
through the web (Django's test client, whole middleware stack) and the CLI, one after another,
until the restore ends. Printed: restore seconds and MB, the longest write transaction while
staging and the switch transaction (the write lock others wait on), writes done during the
restore, their longest wait, and every failed one. `PYTHONPATH=/other/src` measures another
checkout's code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LOCKS = re.compile(
    r"longest write transaction ([\d.]+) s\), switched in one transaction of ([\d.]+) s"
)
SOURCE = "bench@example.com"
TARGET = "target@example.com"
WRITER = "writer@example.com"


def _django(home: Path) -> None:
    os.environ["PARTING_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    import django

    django.setup()


def prepare(home: Path, contacts: int, conversations: int, leads: int) -> None:
    """Migrate, build the bench account and two others, write its backup to home/backup.json."""
    _django(home)
    from benchdata import load_bench_account
    from django.core.management import call_command
    from tests import factories as f

    from parting.core.domain import accounts
    from parting.data import backup

    call_command("migrate", verbosity=0)
    source = load_bench_account(SOURCE, contacts, conversations, leads)
    target = accounts.create_user(TARGET, None)
    f.contact(target, "Old contact of the target")
    accounts.create_user(WRITER, "correct horse battery staple")
    (home / "backup.json").write_text(backup.dumps(backup.backup(source)), encoding="utf-8")


def writer(home: Path) -> None:
    """Add contacts, by the web and by the CLI in turn, until home/stop exists."""
    _django(home)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from parting.cli.env import Environment
    from parting.cli.main import main
    from parting.core.domain import accounts

    setup_test_environment()  # the test client's host name is allowed
    client = Client(raise_request_exception=False)
    client.force_login(accounts.resolve_user(WRITER))
    writes: list[dict[str, Any]] = []
    (home / "ready").touch()
    n = 0
    while not (home / "stop").exists():
        n += 1
        name = f"Writer contact {n}"
        began, start = time.time(), time.perf_counter()
        if n % 2:
            response = client.post("/contacts/new/", {"name": name, "role": "other"})
            ok, answer = response.status_code == 302, str(response.status_code)
        else:
            env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
            code = main(["contact", "add", name, "--user", WRITER], env)
            ok, answer = code == 0, f"exit {code} {env.stderr.getvalue().strip()}"
        seconds = time.perf_counter() - start
        writes.append({"name": name, "ok": ok, "answer": answer, "at": began, "seconds": seconds})
        time.sleep(0.05)
    (home / "writes.json").write_text(json.dumps(writes))


def counts(home: Path) -> None:
    """Print the writer's and the target's contact counts as JSON."""
    _django(home)
    from parting.core.domain import accounts
    from parting.core.models import Contact

    found = {
        email: Contact.objects.for_user(accounts.resolve_user(email)).count()
        for email in (WRITER, TARGET)
    }
    staging = getattr(accounts, "staging_accounts", None)  # absent from older checkouts
    print(json.dumps({**found, "staging": staging().count() if staging else None}))


def _env(home: Path, timeout: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PARTING_USER")}
    extra = [str(HERE), str(HERE.parent)]
    env["PYTHONPATH"] = os.pathsep.join([p for p in [env.get("PYTHONPATH", "")] if p] + extra)
    return {**env, "PARTING_HOME": str(home), "PARTING_DB_TIMEOUT": str(timeout)}


def _self(step: str, home: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), step, "--home", str(home)]


def run(home: Path, sizes: tuple[int, int, int], timeout: int = 10) -> dict[str, Any]:
    """The whole measurement; returns its figures."""
    env = _env(home, timeout)
    sized = ["--contacts", str(sizes[0]), "--conversations", str(sizes[1])]
    subprocess.run([*_self("prepare", home), *sized, "--leads", str(sizes[2])], env=env, check=True)
    writing = subprocess.Popen(_self("writer", home), env=env)
    while not (home / "ready").exists():
        time.sleep(0.1)
    time.sleep(0.5)  # a few writes before the restore starts
    command = [sys.executable, "-m", "parting", "restore", str(home / "backup.json")]
    # The restore's task runs in the command itself (no worker here); its log line gives the
    # write transactions' lengths: the lock every other writer waits on.
    quiet = {**env, "PARTING_TASKS_URL": "immediate", "PARTING_LOG_LEVEL": "INFO"}
    began, start = time.time(), time.perf_counter()
    restoring = subprocess.Popen(
        [*command, "--replace", "--yes", "--user", TARGET],
        env=quiet,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(restoring.pid, 0)
    seconds = time.perf_counter() - start
    restoring.returncode = os.waitstatus_to_exitcode(status)
    locks = LOCKS.search(restoring.stderr.read() if restoring.stderr else "")
    time.sleep(0.5)  # a few writes after it
    (home / "stop").touch()
    writing.wait()
    writes = json.loads((home / "writes.json").read_text())
    found = subprocess.run(_self("counts", home), env=env, capture_output=True, check=True)
    return {
        "restore_exit": restoring.returncode,
        "restore_seconds": round(seconds, 2),
        "restore_peak_mb": round(usage.ru_maxrss / 1024, 1),
        "longest_batch_transaction_seconds": float(locks.group(1)) if locks else None,
        "switch_transaction_seconds": float(locks.group(2)) if locks else None,
        "writes": writes,
        "writes_during": sum(1 for w in writes if began <= w["at"] <= began + seconds),
        "longest_write_seconds": round(max((w["seconds"] for w in writes), default=0), 2),
        **json.loads(found.stdout),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", default="bench", choices=("bench", "prepare", *STEPS))
    parser.add_argument("--home", type=Path)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--conversations", type=int, default=20000)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--timeout", type=int, default=10, help="SQLite busy timeout, seconds")
    a = parser.parse_args()
    if a.step == "prepare":
        prepare(a.home, a.contacts, a.conversations, a.leads)
    elif a.step in STEPS:
        STEPS[a.step](a.home)
    else:
        import tempfile

        home = Path(tempfile.mkdtemp(prefix="parting-bench-restore-"))
        figures = run(home, (a.contacts, a.conversations, a.leads), a.timeout)
        failed = [w for w in figures["writes"] if not w["ok"]]
        figures["writes"] = f"{len(figures['writes'])} ({len(failed)} failed)"
        print(json.dumps({**figures, "failed": failed[:5]}, indent=1))


STEPS = {"writer": writer, "counts": counts}

if __name__ == "__main__":
    main()
