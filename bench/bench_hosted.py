"""A career centre's load: many signed-in seekers on the hosted data set (`make bench-hosted`).

1. Builds or reuses the hosted data set (bench/hosted_data.py: 5,000 accounts, 1,000,000
   contacts on the local PostgreSQL) and checks its query plans (bench/explain_hosted.py).
2. Signs in a sample of accounts (the largest ones and a spread of the rest) and lists
   their main pages (bench/hosted_pages.py), shuffled.
3. Starts `parting serve --workers 2` and two `parting worker` processes (when this
   checkout has the command), then queues work while the load runs: LinkedIn imports with
   `--no-wait` (when the import command has it) and `parting digest --all --send`.
4. Runs wrk on loopback, 64 connections for 60 s, cycling through the sessions and pages,
   while it samples pg_stat_activity every second.

Reports requests, errors, p50/p99 latency and the database connections seen, against the
targets: no errors, p99 at most ten times p50, connections well under max_connections.
Results go to bench-results/hosted.json. Every process started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import hosted_data
import loadtest

ROOT = Path(__file__).resolve().parents[1]
PARTING = str(Path(sys.executable).with_name("parting"))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default=hosted_data.SERVER)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="app processes")
    parser.add_argument("--task-workers", type=int, default=2)
    parser.add_argument("--accounts", type=int, default=200, help="signed-in accounts")
    parser.add_argument("--imports", type=int, default=10, help="imports queued")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    return parser.parse_args(argv)


def sessions(count: int) -> list[tuple[str, str]]:
    """(email, cookie) for the largest accounts and a spread of the rest."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = list(get_user_model().objects.order_by("id").values_list("id", "username"))
    sizes = hosted_data.sizes(
        len(users), hosted_data.CONTACTS, hosted_data.LARGEST, hosted_data.SEED
    )
    ranked = sorted(range(len(users)), key=lambda i: -sizes[i] if i < len(sizes) else 0)
    chosen = ranked[:10] + random.Random(1).sample(ranked[10:], min(count, len(ranked)) - 10)
    found = []
    for i in chosen:
        user = get_user_model().objects.get(pk=users[i][0])
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        found.append((user.username, f"{settings.SESSION_COOKIE_NAME}={cookie}"))
    return found


def requests(signed_in: list[tuple[str, str]]) -> list[str]:
    """Every main page of every signed-in account, shuffled: "PATH COOKIE" lines."""
    import hosted_pages
    from django.contrib.auth import get_user_model

    lines = []
    for email, cookie in signed_in:
        user = get_user_model().objects.get(username=email)
        lines += [f"{path} {cookie}" for path in hosted_pages.paths(user).values()]
    random.Random(2).shuffle(lines)
    return lines


def has_option(argv: list[str], option: str) -> bool:
    """Whether this checkout's `parting` knows a command or an option (its --help says)."""
    done = subprocess.run([PARTING, *argv, "--help"], capture_output=True, text=True)
    return done.returncode == 0 and (not option or option in done.stdout)


class Sampler(threading.Thread):
    """pg_stat_activity once a second: connections to the bench database, by state."""

    def __init__(self, server: str) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.samples: list[dict[str, int]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            while not self.stopping.wait(1.0):
                rows = conn.execute(
                    "SELECT coalesce(state, 'none'), count(*) FROM pg_stat_activity "
                    "WHERE datname = %s GROUP BY 1",
                    [hosted_data.NAME],
                ).fetchall()
                sample = {state: int(n) for state, n in rows}
                sample["total"] = sum(sample.values())
                self.samples.append(sample)

    def summary(self, server: str) -> dict[str, Any]:
        import psycopg

        with psycopg.connect(f"{server}/postgres") as conn:
            limit = int(conn.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
        totals = [s["total"] for s in self.samples] or [0]
        active = [s.get("active", 0) for s in self.samples] or [0]
        return {
            "samples": len(self.samples),
            "max_total": max(totals),
            "mean_total": round(sum(totals) / len(totals), 1),
            "max_active": max(active),
            "max_connections": limit,
        }


def import_file(folder: Path, index: int, rows: int = 500) -> Path:
    from bench_import import HEADER, PREAMBLE

    path = folder / f"Connections-{index}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(PREAMBLE + HEADER)
        for row in range(rows):
            out.write(
                f"Imported{index},Person{row},https://www.linkedin.com/in/imp-{index}-{row},,"
                f'"Harbor Freight {row % 40}","Analyst",0{row % 9 + 1} Mar 2024\n'
            )
    return path


def queue_work(args: argparse.Namespace, env: dict[str, str], folder: Path) -> dict[str, Any]:
    """Imports (queued with --no-wait when there is such an option) and the digest fan-out,
    started in the background; returns what was started."""
    started: dict[str, Any] = {"imports": 0, "imports_queued": False, "digest": False}
    children = []
    if has_option(["import", "linkedin"], "--no-wait"):
        started["imports_queued"] = True
        for i in range(args.imports):
            who = hosted_data.email(1 + i * 37)
            argv = [PARTING, "import", "linkedin", str(import_file(folder, i)), "--user", who]
            children.append(subprocess.Popen([*argv, "--no-wait"], env=env, **QUIET))
            started["imports"] += 1
    children.append(subprocess.Popen([PARTING, "digest", "--all", "--send"], env=env, **QUIET))
    started["digest"] = True
    started["children"] = children
    return started


QUIET: dict[str, Any] = {
    "stdout": subprocess.DEVNULL,
    "stderr": subprocess.DEVNULL,
    "start_new_session": True,
}


def load(args: argparse.Namespace, lines: list[str], home: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env |= {"PARTING_HOME": str(home), "DATABASE_URL": hosted_data.url(args.server)}
    env.pop("PARTING_USER", None)
    port = loadtest.free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [PARTING, "serve", "--port", str(port), "--workers", str(args.workers)]
    if has_option(["serve"], "--no-worker"):
        serve.append("--no-worker")
    task_workers = args.task_workers if has_option(["worker"], "") else 0
    log = home / "processes.log"
    sampler = Sampler(args.server)
    with ExitStack() as stack:
        stack.enter_context(loadtest.running(serve, env, f"{base}/healthz", log))
        for _ in range(task_workers):
            stack.enter_context(loadtest.running([PARTING, "worker"], env, "", log))
        loadtest.wrk(base, lines[:200], 8, 3)  # warm-up
        work = queue_work(args, env, home)
        sampler.start()
        before = loadtest.load()
        result = loadtest.wrk(base, lines, args.connections, args.seconds)
        after = loadtest.load()
        sampler.stopping.set()
        sampler.join()
        for child in work.pop("children"):
            loadtest.stop(child)
    return result | {
        "load_before": before,
        "load_after": after,
        "database_connections": sampler.summary(args.server),
        "queued": work,
        "app_processes": args.workers,
        "task_workers": task_workers,
        "server_errors": _errors(log),
    }


def _errors(log: Path) -> list[str]:
    """Tracebacks and errors the servers and workers logged (the first few)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    found = [line for line in text.splitlines() if "Error" in line or "Traceback" in line]
    return found[:20]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    home = Path(tempfile.mkdtemp(prefix="parting-hosted-"))
    os.environ["PARTING_HOME"] = str(home)
    os.environ.pop("PARTING_USER", None)
    os.environ.pop("PARTING_TASKS_URL", None)
    info = hosted_data.ensure(args.server, rebuild=args.rebuild)
    print(f"data set: {json.dumps({k: v for k, v in info.items() if k != 'rows'})}", flush=True)
    import explain_hosted

    plans = explain_hosted.check(info["largest_email"])
    plan_status = explain_hosted.report(plans)
    signed_in = sessions(args.accounts)
    lines = requests(signed_in)
    from django.db import connections

    connections.close_all()
    print(f"{len(signed_in)} accounts signed in, {len(lines)} page requests in the cycle")
    result = load(args, lines, home)
    p50, p99 = result["latency_ms"]["p50"], result["latency_ms"]["p99"]
    conns = result["database_connections"]
    targets = {
        "no errors": result["error_count"] == 0,
        "p99 at most 10x p50": p99 <= 10 * p50,
        "connections under max_connections": conns["max_total"] < conns["max_connections"],
        "plans use owner indexes": plan_status == 0,
    }
    results = {
        "data_set": info,
        "signed_in_accounts": len(signed_in),
        "pages": sorted({line.split()[0].split("?")[0].rstrip("0123456789/") for line in lines}),
        "load": result,
        "targets": targets,
        "explain_failures": [q for q in plans["queries"] if q["failures"]],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "hosted.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(
        f"\n{result['requests']} requests in {result['duration_s']:.0f} s"
        f" ({result['req_per_s']} req/s), {result['error_count']} errors"
        f" {result['errors']}; p50 {p50} ms, p99 {p99} ms ({p99 / max(p50, 0.01):.1f}x);"
        f" database connections max {conns['max_total']} (active {conns['max_active']})"
        f" of {conns['max_connections']}; load {result['load_before']} -> {result['load_after']}"
    )
    for name, ok in targets.items():
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    print(f"wrote {path}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
