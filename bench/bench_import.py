"""Import a 30,000-row LinkedIn Connections.csv into an account that already holds 30,000
contacts, with de-duplication. Targets: under 5 s and under 300 MB peak memory, no false
merges, review pairs under 1% of the rows; then 1,000 namesakes with their own LinkedIn
profiles into an empty account: 1,000 new, none merged, none to review.

The parent process builds a fresh database (SQLite in a temporary PARTING_HOME, or the
PostgreSQL database `parting_bench_import` on the server in DATABASE_URL, dropped afterwards),
fills the account with bulk_create and writes the CSV; a child process then runs the import
the way `parting import linkedin FILE` does and reports its wall time and peak RSS
(ru_maxrss, the whole process including Django). Results: bench-results/import-<engine>.json.

    .venv/bin/python bench/bench_import.py [--existing 30000] [--rows 30000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "bench@example.com"
TARGET_S, TARGET_MB = 5.0, 300.0
FIRST = "Ana Ben Chen Dara Eli Femi Gita Hugo Ines Jon Kai Lena Milo Nia Omar Pia Quinn Raj"
LAST = "Smith Garcia Müller Rossi Kim Nguyen Dubois Silva Khan Novak Berg Sato Okafor"
SUFFIXES = ["Inc.", "Ltd", "GmbH", "LLC", ""]
PREAMBLE = 'Notes:\n"Some email addresses may be missing."\n\n'
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", type=int, default=30_000)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--companies", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--child", metavar="CSV", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def person(i: int) -> tuple[str, str]:
    first, last = FIRST.split(), LAST.split()
    return first[i % len(first)], f"{last[(i // len(first)) % len(last)]}{i}"


def company(i: int, n: int, suffix: str = "") -> str:
    return f"Company {i % n:04} {suffix}".strip()


def seed_account(args: argparse.Namespace) -> None:
    from parting.core.domain.accounts import create_user
    from parting.core.models import Company, Contact

    user = create_user(EMAIL, None)
    companies = Company.objects.bulk_create(
        Company(owner=user, name=company(i, args.companies, "Inc.")) for i in range(args.companies)
    )
    batch = []
    for i in range(args.existing):
        first, last = person(i)
        batch.append(
            Contact(
                owner=user,
                name=f"{first} {last}",
                company=companies[i % args.companies],
                title="Engineer",
                linkedin_slug=f"p-{i}" if i % 3 else "",
                linkedin_url=f"https://www.linkedin.com/in/p-{i}" if i % 3 else "",
                source="linkedin",
            )
        )
    Contact.objects.bulk_create(batch, batch_size=2000)


def write_csv(args: argparse.Namespace, path: Path) -> None:
    """Half the rows are people the account has: two thirds of them known by LinkedIn
    profile, a third only by name at the same company (written "Last, First"-wise and with
    another legal suffix). One row in 97 has a borderline spelling. The other half is new."""
    rng = random.Random(args.seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(PREAMBLE + HEADER)
        known = min(args.rows // 2, args.existing)
        for row in range(args.rows):
            i = row if row < known else args.existing + row
            first, last = person(i)
            n = args.companies
            slug = f"p-{i}"
            if row % 3 == 0 and row < known:  # no slug stored: match by name
                first, last, slug = last, first, f"q-{i}"  # "Smith, John" order
            if row % 97 == 0:
                last = last[:-1] + "x"  # a borderline spelling
            suffix = rng.choice(SUFFIXES)
            out.write(
                f'{first},{last},https://www.linkedin.com/in/{slug},,"{company(i, n, suffix)}",'
                f'"Engineer, Platform",{rng.randint(1, 28):02} Mar 2024\n'
            )


def false_merges(summary: dict, args: argparse.Namespace) -> int:
    """Merged rows whose contact is not the person the row was written from."""
    known = min(args.rows // 2, args.existing)
    wrong = 0
    for merged in summary["merged"]:
        row = merged["line"] - 5  # three preamble lines and the header come first
        first, last = person(row)
        if row >= known or merged["into"] != f"{first} {last}":
            wrong += 1
    return wrong


def namesakes(count: int = 1000, names: int = 50, companies: int = 20) -> bytes:
    """`count` people sharing `names` common names at `companies` companies, each with their own
    LinkedIn profile: all of them must arrive, none merged, none queued for review."""
    rng = random.Random(16)
    firsts, lasts = FIRST.split(), LAST.split()
    pool = [(f, last) for f in firsts for last in lasts][:names]
    lines = [HEADER]
    for i in range(count):
        first, last = rng.choice(pool)
        url = f"https://www.linkedin.com/in/{first.lower()}-{i}"
        at = f"Company {rng.randrange(companies)}"
        lines.append(f"{first},{last},{url},,{at},Engineer,5-Mar-24\n")
    return "".join(lines).encode()


def child(csv_path: str) -> int:
    """Run the import like the CLI does; print one JSON line with time and memory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parting.settings")
    import django

    django.setup()
    from parting.core.domain.accounts import resolve_user
    from parting.data.imports.service import check_size, run_import

    user = resolve_user(EMAIL)
    start = time.perf_counter()
    check_size(os.stat(csv_path).st_size, "Connections.csv")
    data = Path(csv_path).read_bytes()
    summary = run_import(user, "linkedin", data, "Connections.csv", skip_bad=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wrong = false_merges(summary, parse([]))
    from parting.core.domain.accounts import create_user

    other = create_user("namesakes@example.com", None)
    same = run_import(other, "linkedin", namesakes(), "namesakes.csv")["counts"]
    result = {"seconds": seconds, "peak_mb": peak_mb, "counts": summary["counts"]}
    print(json.dumps({**result, "false_merges": wrong, "namesakes": same}))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        return child(args.child)
    home = Path(tempfile.mkdtemp(prefix="parting-bench-import-"))
    env = {**os.environ, "PARTING_HOME": str(home), "DJANGO_SETTINGS_MODULE": "parting.settings"}
    env.pop("PARTING_USER", None)
    pg = env.get("DATABASE_URL", "")
    if pg:
        env["DATABASE_URL"] = _fresh_pg(pg)
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        engine = "sqlite" if connection.vendor == "sqlite" else connection.vendor
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        seed_account(args)
        csv_path = home / "Connections.csv"
        write_csv(args, csv_path)
        setup_s = time.perf_counter() - t0
        connection.close()
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(csv_path)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
        from parting.core.models import Contact

        result.update(
            engine=engine,
            existing=args.existing,
            rows=args.rows,
            contacts_after=Contact.objects.filter(owner__email=EMAIL).count(),
            setup_seconds=round(setup_s, 1),
        )
        connection.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if pg:
            _drop_pg(pg)
    report(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"import-{engine}.json").write_text(json.dumps(result, indent=2) + "\n")
    ok = result["seconds"] < TARGET_S and result["peak_mb"] < TARGET_MB
    ok = ok and result["false_merges"] == 0 and result["namesakes"]["new"] == 1000
    return 0 if ok else 1


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def _fresh_pg(url: str) -> str:
    with _admin(url) as conn:
        conn.execute("DROP DATABASE IF EXISTS parting_bench_import")
        conn.execute("CREATE DATABASE parting_bench_import")
    return url.rsplit("/", 1)[0] + "/parting_bench_import"


def _drop_pg(url: str) -> None:
    with _admin(url) as conn:
        conn.execute("DROP DATABASE IF EXISTS parting_bench_import WITH (FORCE)")


def report(r: dict) -> None:
    c = r["counts"]
    print(
        f"{r['engine']}: {r['rows']:,} rows into {r['existing']:,} contacts: "
        f"{r['seconds']:.2f} s (target < {TARGET_S:.0f} s), peak {r['peak_mb']:.0f} MB "
        f"(target < {TARGET_MB:.0f} MB)"
    )
    print(
        f"  {c['new']:,} new, {c['merged']:,} merged, {c['review']:,} to review "
        f"({100 * c['review'] / max(r['rows'], 1):.2f}% of rows, aim < 1%), "
        f"{c['skipped']:,} skipped; {r['false_merges']} false merges; "
        f"{r['contacts_after']:,} contacts after"
    )
    n = r["namesakes"]
    print(
        f"  1,000 namesakes (50 names, 20 companies, own profiles): {n['new']} new, "
        f"{n['merged']} merged, {n['review']} to review (must be 1000, 0, 0)"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
