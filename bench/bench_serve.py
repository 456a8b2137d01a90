"""Requests per second of the busiest pages, served by one `parting serve` process.

The account (20,000 contacts, 100,000 conversations, 10,000 leads by default) is built once
with `benchdata` into a SQLite file under `.bench-cache/`, named by the builder's source,
the sizes and the day (its dates are relative to the day it was built); later runs copy it.
Then, on a copy in a fresh PARTING_HOME:

1. cold start: the time from starting `parting serve` to the first 200 from /login/, with the
   big account and with an empty (migrated) database, alternately, median of `--starts`;
2. load: wrk on loopback, 8 connections, one page after another against one server, signed in
   with a session cookie (except /login/, which a signed-in browser never sees); each page's
   rate is also given as a share of /login/'s rate, which cancels out much of the machine;
3. the CLI: hyperfine times `parting due` against a bare `django.setup()` plus one query.

With `--baseline SRC` a second server runs another checkout's code (its `src` folder) on its
own copy of the account, and each page is measured on both in turn: before and after side by
side, under the same load from the neighbours. The load average is recorded with each figure.
Prints the table and writes bench-results/serve-sqlite.json.

    .venv/bin/python bench/bench_serve.py [--duration 10] [--baseline /path/to/before/src]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.cookiejar
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import big_account_options  # noqa: E402

ROOT = HERE.parent
CACHE = ROOT / ".bench-cache"
EMAIL = "bench@example.com"
PASSWORD = "bench-pass-2718"  # noqa: S105 (a throw-away account on loopback)
CONNECTIONS = 8

# (key, label, target share of /login/'s rate); the URL of each is filled in from the account.
PAGES = [
    ("login", "/login/ (a bare Django page)", None),
    ("today", "Today", 0.25),
    ("busiest_contact", "busiest contact", 0.10),
    ("leads", "leads", 0.10),
    ("conversations", "conversations", 0.15),
    ("insights_tree", "insights tree", 0.10),
    ("insights_funnel", "funnel", 0.10),
    ("insights_people", "people who help", 0.08),
    ("call", "call page", 0.20),
]
COLD_START_TARGET = 1.5
CLI_TARGET = 1.2
BARE_DJANGO = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'parting.settings'); "
    "import django; django.setup(); "
    "from django.contrib.auth.models import User; User.objects.exists()"
)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    big_account_options(parser)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each")
    parser.add_argument("--starts", type=int, default=3, help="cold starts of each kind")
    parser.add_argument("--cli-runs", type=int, default=10)
    parser.add_argument("--pages", default="", help="comma-separated page keys (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated: cold,load,cli")
    parser.add_argument("--baseline", type=Path, help="a `src` folder to measure beside this one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    return parser.parse_args(argv)


def loadavg() -> float:
    """The one-minute load average: how busy the neighbours were."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return float("nan")


# -- the account, built once ----------------------------------------------------------------


def cache_key(args: argparse.Namespace) -> str:
    """The builder's source, the sizes and the day: data dated from another day is stale."""
    digest = hashlib.sha256()
    for source in (HERE / "benchdata.py", ROOT / "src/parting/demo/samples.py"):
        digest.update(source.read_bytes())
    sizes = f"{args.contacts}-{args.conversations}-{args.leads}-{args.seed}"
    digest.update(sizes.encode())
    return f"account-{dt.date.today():%Y%m%d}-{digest.hexdigest()[:12]}"


def cached_account(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The account's SQLite file and what is known about it; built when not cached yet."""
    CACHE.mkdir(exist_ok=True)
    key = cache_key(args)
    db, meta_path = CACHE / f"{key}.sqlite3", CACHE / f"{key}.json"
    if db.exists() and meta_path.exists():
        print(f"account: cached in {db.relative_to(ROOT)}", flush=True)
        return db, json.loads(meta_path.read_text())
    for stale in CACHE.glob("account-*"):
        stale.unlink()
    print(
        f"building {args.contacts} contacts, {args.conversations} conversations, "
        f"{args.leads} leads (once; cached in {CACHE.relative_to(ROOT)})…",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="parting-bench-build-") as home:
        started = time.perf_counter()
        sizes = [str(args.contacts), str(args.conversations), str(args.leads), str(args.seed)]
        subprocess.run(
            [sys.executable, __file__, "--build-into", home, *sizes],
            check=True,
            env=child_env(Path(home)),
        )
        meta = json.loads((Path(home) / "bench.json").read_text())
        meta["build_seconds"] = round(time.perf_counter() - started, 1)
        shutil.copyfile(Path(home) / "parting.sqlite3", db)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    print(f"built in {meta['build_seconds']} s", flush=True)
    return db, meta


def build_into(home: Path, contacts: int, conversations: int, leads: int, seed: int) -> None:
    """In a child process with PARTING_HOME=home: migrate, build, sign-in password, facts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from benchdata import load_bench_account
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from parting.core.models import Contact

    call_command("migrate", interactive=False, verbosity=0)
    user = load_bench_account(EMAIL, contacts, conversations, leads, seed)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    busiest = (
        Contact.objects.for_user(user)
        .annotate(n=Count("conversations"))
        .order_by("-n", "id")
        .values("id", "n")
        .first()
    )
    assert busiest is not None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("ANALYZE")
    facts = {
        "contacts": contacts,
        "conversations": conversations,
        "leads": leads,
        "seed": seed,
        "built": dt.date.today().isoformat(),
        "busiest_contact": busiest["id"],
        "busiest_contact_conversations": busiest["n"],
    }
    (home / "bench.json").write_text(json.dumps(facts))


# -- servers --------------------------------------------------------------------------------


def child_env(home: Path, src: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTING_", "DATABASE_"))}
    env.update(PARTING_HOME=str(home))  # bytecode is cached, as on an installed copy
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One `parting serve` on its own copy of the data."""

    name: str
    src: Path | None
    home: Path
    port: int = 0
    process: subprocess.Popen | None = None
    started_in: float = 0.0
    cookie: str = ""
    log: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def parting(self, *argv: str) -> list[str]:
        return [sys.executable, "-m", "parting", *argv]

    def migrate(self) -> None:
        subprocess.run(
            self.parting("migrate"),
            check=True,
            env=child_env(self.home, self.src),
            stdout=subprocess.DEVNULL,
        )

    def start(self, timeout: float = 120.0) -> float:
        """Start serving; the seconds from starting the process to the first 200 on /login/."""
        self.port = free_port()
        out = (self.home / "serve.log").open("ab")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.parting("serve", "--port", str(self.port)),
            env=child_env(self.home, self.src),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: serve exited: {self.tail()}")
            with (
                suppress(OSError),
                urllib.request.urlopen(self.base + "/login/", timeout=5) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    self.started_in = time.perf_counter() - started
                    return self.started_in
            time.sleep(0.01)
        raise RuntimeError(f"{self.name}: no answer in {timeout} s: {self.tail()}")

    def tail(self) -> str:
        path = self.home / "serve.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def sign_in(self) -> None:
        """Sign in through the form once; wrk sends the session cookie it got."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.base + "/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on /login/"
        form = {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        request = urllib.request.Request(  # noqa: S310 (the server's own http:// address)
            self.base + "/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base + "/login/"},
        )
        opener.open(request).read()
        cookies = {c.name: c.value for c in jar}
        assert "sessionid" in cookies, "signing in gave no session"
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())

    def check(self, path: str, signed_in: bool) -> int:
        """The status and size of one request, redirects not followed."""
        headers = {"Cookie": self.cookie} if signed_in else {}
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as answer:
                return len(answer.read()) if answer.status == 200 else -answer.status
        except urllib.error.HTTPError as exc:
            return -exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextmanager
def served(name: str, db: Path | None, src: Path | None) -> Iterator[Server]:
    """A server on a fresh copy of `db` (None: an empty database), migrated beforehand, so
    the start measures serving rather than a schema change."""
    home = Path(tempfile.mkdtemp(prefix=f"parting-bench-serve-{name}-"))
    server = Server(name, src, home)
    try:
        if db is not None:
            shutil.copyfile(db, home / "parting.sqlite3")
        server.migrate()
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


# -- measuring ------------------------------------------------------------------------------


def cold_starts(db: Path, src: Path | None, name: str, runs: int) -> dict[str, Any]:
    """Median seconds to the first 200 on /login/: the big account and an empty database,
    alternately, each on a fresh copy."""
    times: dict[str, list[float]] = {"account": [], "empty": []}
    loads = []
    for _ in range(runs):
        for kind, source in (("account", db), ("empty", None)):
            with served(f"{name}-{kind}", source, src) as server:
                loads.append(loadavg())
                times[kind].append(server.start())
    account, empty = statistics.median(times["account"]), statistics.median(times["empty"])
    return {
        "account_s": round(account, 3),
        "empty_s": round(empty, 3),
        "ratio": round(account / empty, 2),
        "runs": {k: [round(t, 3) for t in v] for k, v in times.items()},
        "loadavg": round(statistics.mean(loads), 2),
    }


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?timeout (\d+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url: str, cookie: str, seconds: int) -> dict[str, Any]:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    load = loadavg()
    text = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = WRK_RATE.search(text)
    assert rate, text
    errors = sum(int(a or b or 0) for a, b in WRK_ERRORS.findall(text))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {f"p{p}_ms": round(float(v) * scale[u], 1) for p, v, u in WRK_LATENCY.findall(text)}
    return {"rps": float(rate.group(1)), "errors": errors, **latency, "loadavg": load}


def page_urls(meta: dict[str, Any]) -> dict[str, str]:
    return {
        "login": "/login/",
        "today": "/",
        "busiest_contact": f"/contacts/{meta['busiest_contact']}/",
        "leads": "/leads/",
        "conversations": "/conversations/",
        "insights_tree": "/insights/tree/",
        "insights_funnel": "/insights/funnel/",
        "insights_people": "/insights/people/",
        "call": "/call/",
    }


def load(servers: list[Server], urls: dict[str, str], args: argparse.Namespace) -> dict:
    """Each page on each server in turn (before, after), so both see the same neighbours."""
    wanted = [p for p in args.pages.split(",") if p] or [key for key, _, _ in PAGES]
    results: dict[str, dict[str, Any]] = {server.name: {} for server in servers}
    for key, label, _ in PAGES:
        if key not in wanted and key != "login":
            continue
        for server in servers:
            signed_in = key != "login"
            size = server.check(urls[key], signed_in)
            if size < 0:
                raise RuntimeError(f"{server.name} {urls[key]}: status {-size}")
            cookie = server.cookie if signed_in else ""
            if args.warmup:
                wrk(server.base + urls[key], cookie, args.warmup)
            figure = wrk(server.base + urls[key], cookie, args.duration)
            figure.update(url=urls[key], bytes=size)
            results[server.name][key] = figure
            print(
                f"  {server.name:<9}{label:<30}{figure['rps']:>8.1f} req/s"
                f"  p50 {figure.get('p50_ms', 0):>7.1f} ms  load {figure['loadavg']:.2f}",
                flush=True,
            )
    return results


def cli_ratio(db: Path, src: Path | None, name: str, runs: int) -> dict[str, Any]:
    """hyperfine: `parting due` on the big account against django.setup() plus one query."""
    with served(f"{name}-cli", db, src) as server, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hyperfine.json"
        commands = [
            " ".join(server.parting("due")),
            f'{sys.executable} -c "{BARE_DJANGO}"',
        ]
        load = loadavg()
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "--style",
                "none",
                "--export-json",
                str(out),
                *commands,
            ],
            check=True,
            env=child_env(server.home, src),
            stdout=subprocess.DEVNULL,
        )
        due, bare = json.loads(out.read_text())["results"]
        # parting --help must not set up Django: time it too
        help_ms = timed_ms(server.parting("--help"), child_env(server.home, src), 5)
    cpu = {name: r["user"] + r["system"] for name, r in (("due", due), ("bare", bare))}
    return {
        "due_ms": round(due["median"] * 1000, 1),
        "bare_django_ms": round(bare["median"] * 1000, 1),
        "ratio": round(due["median"] / bare["median"], 2),
        # CPU time (user + system) is steadier than wall time on a shared machine
        "due_cpu_ms": round(cpu["due"] * 1000, 1),
        "bare_django_cpu_ms": round(cpu["bare"] * 1000, 1),
        "cpu_ratio": round(cpu["due"] / cpu["bare"], 2),
        "help_ms": help_ms,
        "loadavg": load,
    }


def timed_ms(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


# -- the run --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--build-into"]:
        build_into(Path(argv[1]), *map(int, argv[2:6]))
        return 0
    args = parse(argv)
    for tool in ("wrk", "hyperfine"):
        if not shutil.which(tool):
            print(f"bench_serve: {tool} is not installed", file=sys.stderr)
            return 1
    db, meta = cached_account(args)
    skip = set(args.skip.split(","))
    kinds: list[tuple[str, Path | None]] = [("after", None)]
    if args.baseline:
        kinds.insert(0, ("before", args.baseline.resolve()))
    results: dict[str, Any] = {
        "engine": "sqlite",
        "python": platform.python_version(),
        "account": meta,
        "connections": CONNECTIONS,
        "duration_s": args.duration,
        "baseline": str(args.baseline) if args.baseline else None,
        "runs": {},
    }
    for name, _ in kinds:
        results["runs"][name] = {}
    if "cold" not in skip:
        print("cold start (parting serve → first 200 on /login/)…", flush=True)
        for name, src in kinds:
            results["runs"][name]["cold_start"] = cold_starts(db, src, name, args.starts)
    if "cli" not in skip:
        print("CLI (hyperfine)…", flush=True)
        for name, src in kinds:
            results["runs"][name]["cli"] = cli_ratio(db, src, name, args.cli_runs)
    if "load" not in skip:
        print(f"load: wrk, {CONNECTIONS} connections, {args.duration} s per page…", flush=True)
        with contextlib_servers(db, kinds) as servers:
            for name, pages in load(servers, page_urls(meta), args).items():
                results["runs"][name]["pages"] = pages
    report(results)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "serve-sqlite.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


@contextmanager
def contextlib_servers(db: Path, kinds: list[tuple[str, Path | None]]) -> Iterator[list[Server]]:
    with served(kinds[0][0], db, kinds[0][1]) as first:
        first.start()
        first.sign_in()
        if len(kinds) == 1:
            yield [first]
            return
        with served(kinds[1][0], db, kinds[1][1]) as second:
            second.start()
            second.sign_in()
            yield [first, second]


def share(pages: dict[str, Any], key: str) -> float | None:
    if key not in pages or "login" not in pages or not pages["login"]["rps"]:
        return None
    return pages[key]["rps"] / pages["login"]["rps"]


def report(results: dict[str, Any]) -> None:
    runs = results["runs"]
    names = list(runs)
    account = results["account"]
    print(
        f"\nOne `parting serve` on SQLite: {account['contacts']:,} contacts, "
        f"{account['conversations']:,} conversations, {account['leads']:,} leads; wrk on "
        f"loopback, {results['connections']} connections, {results['duration_s']} s per page\n"
    )
    if any("pages" in runs[n] for n in names):
        head = " | ".join(f"{n} req/s | {n} share" for n in names)
        print(f"| page | {head} | target share | load | |")
        print("|---" * (2 * len(names) + 4) + "|")
        last = runs[names[-1]].get("pages", {})
        for key, label, target in PAGES:
            if key not in last:
                continue
            cells = []
            for n in names:
                pages = runs[n].get("pages", {})
                ratio = share(pages, key)
                rps = pages.get(key, {}).get("rps")
                cells += [f"{rps:.1f}" if rps else "—", f"{ratio:.1%}" if ratio else "—"]
            ratio = share(last, key)
            verdict = "" if target is None else ("PASS" if ratio and ratio >= target else "FAIL")
            goal = "—" if target is None else f"≥ {target:.0%}"
            print(f"| {label} | {' | '.join(cells)} | {goal} | {last[key]['loadavg']:.2f} "
                  f"| {verdict} |")  # fmt: skip
    for n in names:
        cold, cli = runs[n].get("cold_start"), runs[n].get("cli")
        if cold:
            verdict = "PASS" if cold["ratio"] <= COLD_START_TARGET else "FAIL"
            print(
                f"\n{n}: cold start {cold['account_s']:.2f} s with the account, "
                f"{cold['empty_s']:.2f} s empty: {cold['ratio']:.2f}× "
                f"(target ≤ {COLD_START_TARGET}×) {verdict}  load {cold['loadavg']:.2f}"
            )
        if cli:
            verdict = "PASS" if cli["ratio"] <= CLI_TARGET else "FAIL"
            print(
                f"{n}: parting due {cli['due_ms']:.0f} ms, bare django.setup() + one query "
                f"{cli['bare_django_ms']:.0f} ms: {cli['ratio']:.2f}× (target ≤ {CLI_TARGET}×) "
                f"{verdict}; CPU {cli['due_cpu_ms']:.0f} / {cli['bare_django_cpu_ms']:.0f} ms: "
                f"{cli['cpu_ratio']:.2f}×; parting --help {cli['help_ms']:.0f} ms  "
                f"load {cli['loadavg']:.2f}"
            )


if __name__ == "__main__":
    sys.exit(main())
