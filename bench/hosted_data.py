"""A career centre's data set on PostgreSQL: 5,000 accounts, 1,000,000 contacts in all.

Account sizes are drawn from a lognormal (most seekers small, a few large) and scaled to
the total; the largest account is fixed at 20,000 contacts, the size of the page bench's
big account. Each account's conversations, asks, leads and follow-ups are built by
`benchdata.Builder` (the domain's planners decide the follow-ups), in proportion to its
contacts; here its rows are written with COPY instead of bulk inserts.

The database (`parting_bench_hosted` on the local server) is created when missing and
reused when it already holds this version of the data set: a comment on the database
records what was built. `python bench/hosted_data.py [--rebuild]` builds it alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from typing import Any

import psycopg
from psycopg import sql

VERSION = 1
NAME = "parting_bench_hosted"
SERVER = "postgres://postgres@127.0.0.1:5432"
ACCOUNTS = 5000
CONTACTS = 1_000_000
LARGEST = 20_000
SEED = 2026
CONVERSATIONS_PER_CONTACT = 0.6
LEADS_PER_CONVERSATION = 0.12
FLUSH_ROWS = 50_000
ZONES = [
    "America/Chicago",
    "America/New_York",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
]


def email(index: int) -> str:
    return f"seeker{index:05d}@centre.example"


def sizes(accounts: int, contacts: int, largest: int, seed: int) -> list[int]:
    """Contacts per account: the first holds `largest`, the rest a lognormal share of what
    is left (median about 60 at the default sizes), at least one each, summing exactly."""
    rng = random.Random(seed)
    draws = [rng.lognormvariate(0, 1.6) for _ in range(accounts - 1)]
    left = contacts - largest
    scale = left / sum(draws)
    rest = [max(1, min(largest - 1, round(d * scale))) for d in draws]
    order = sorted(range(len(rest)), key=rest.__getitem__, reverse=True)
    step = 1 if left > sum(rest) else -1
    i = 0
    while sum(rest) != left:  # rounding: nudge the largest ones, never below one contact
        j = order[i % len(order)]
        if rest[j] + step >= 1:
            rest[j] += step
        i += 1
    return [largest, *rest]


def url(server: str = SERVER) -> str:
    return f"{server.rstrip('/')}/{NAME}"


def recorded(server: str) -> dict[str, Any] | None:
    """What the database's comment says was built, or None when there is no such database."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [NAME],
        ).fetchone()
    if row is None:
        return None
    try:
        return dict(json.loads(row[0] or "{}"))
    except ValueError:
        return {}


def recreate(server: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(NAME))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(NAME)))


def tune(server: str) -> None:
    """What README's hosted set-up asks of PostgreSQL on SSD storage: random reads cost
    little more than sequential ones, so a large account's pages use their owner indexes
    (the default of 4 models spinning disks and picks Seq Scans over small tables)."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(NAME))
        )


def ensure(
    server: str = SERVER,
    accounts: int = ACCOUNTS,
    contacts: int = CONTACTS,
    largest: int = LARGEST,
    rebuild: bool = False,
) -> dict[str, Any]:
    """Set Django up on the hosted database, building it unless this version is there.
    Returns what was built (sizes, rows per table, build time) and whether it was reused."""
    wanted = {"version": VERSION, "accounts": accounts, "contacts": contacts, "largest": largest}
    have = recorded(server)
    reuse = not rebuild and have is not None and {k: have.get(k) for k in wanted} == wanted
    if not reuse:
        recreate(server)
    tune(server)
    _setup_django(server)
    from django.core.management import call_command
    from django.db import DatabaseError, connections

    try:
        call_command("migrate", verbosity=0)
    except DatabaseError as exc:  # built by a checkout whose migrations went another way
        if not reuse:
            raise
        print(f"the data set does not migrate ({exc}): building it anew", flush=True)
        connections.close_all()
        recreate(server)
        tune(server)
        call_command("migrate", verbosity=0)
        reuse = False
    if reuse:
        assert have is not None
        return have | {"reused": True}
    started = time.perf_counter()
    info = wanted | build(accounts, contacts, largest)
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    info["size_mb"] = _size_mb()
    _record(server, info)
    return info | {"reused": False}


def _setup_django(server: str) -> None:
    os.environ["DATABASE_URL"] = url(server)
    os.environ["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.db import connection

    if connection.settings_dict["NAME"] != NAME:
        raise RuntimeError(f"Django is already set up on {connection.settings_dict['NAME']}")


def _size_mb() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0] // 2**20)


def _record(server: str, info: dict[str, Any]) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(NAME), sql.Literal(json.dumps(info))
            )
        )


class Sink:
    """Model instances to write: ids given as they are added, rows sent with COPY when
    enough are waiting (an account's later steps still change its earlier rows)."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.next_id: dict[Any, int] = {}
        self.waiting: dict[Any, list[Any]] = defaultdict(list)
        self.count = 0
        self.written: dict[str, int] = defaultdict(int)
        from django.utils import timezone

        self.now = timezone.now()

    def add(self, model: Any, rows: list[Any]) -> list[Any]:
        if model not in self.next_id:
            self.next_id[model] = self._max_id(model) + 1
        first = self.next_id[model]
        for offset, row in enumerate(rows):
            row.pk = first + offset
            if getattr(row, "created_at", False) is None:
                row.created_at = row.updated_at = self.now
        self.next_id[model] = first + len(rows)
        self.waiting[model] += rows
        self.count += len(rows)
        return rows

    def _max_id(self, model: Any) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {model._meta.db_table}")  # noqa: S608
            return int(cursor.fetchone()[0])

    def flush(self, at_least: int = 0) -> None:
        if self.count < at_least:
            return
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for model, rows in self.waiting.items():
                self._copy(cursor.cursor, model, rows)
                self.written[model._meta.db_table] += len(rows)
        self.waiting.clear()
        self.count = 0

    def _copy(self, cursor: Any, model: Any, rows: list[Any]) -> None:
        fields = model._meta.concrete_fields
        names = sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), names
        )
        plain = [f.attname for f in fields]
        prepared = {i: f for i, f in enumerate(fields) if f.get_internal_type() in ("JSONField",)}
        with cursor.copy(statement) as copy:
            for row in rows:
                values = [getattr(row, name) for name in plain]
                for i, field in prepared.items():
                    values[i] = field.get_db_prep_save(values[i], self.connection)
                copy.write_row(values)

    def reset_sequences(self) -> None:
        with self.connection.cursor() as cursor:
            for model in self.next_id:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )


def build(accounts: int, contacts: int, largest: int) -> dict[str, Any]:
    """Write every account with COPY; return the rows written per table."""
    from benchdata import Builder
    from django.contrib.auth import get_user_model
    from django.db import connection

    from parting.core.domain import accounts as domain_accounts
    from parting.core.models import Contact, Profile, Question

    class CopyBuilder(Builder):
        def save(self, model: Any, rows: list[Any]) -> list[Any]:
            return sink.add(model, rows)

        def changed(self, model: Any, rows: list[Any], fields: list[str]) -> None:
            pass  # rows still waiting are written as they are now

        def hold_numbers(self, contact_ids: set[int]) -> None:
            for person in self.people:
                if person.pk in contact_ids:
                    person.holds_my_number = True

    user_model = get_user_model()
    # One account made by the domain: the others get the same default questions.
    template = domain_accounts.create_user(email(0), None, name="Seeker 0")
    defaults = list(Question.objects.for_user(template).order_by("position"))
    Profile.objects.filter(owner=template).update(timezone=ZONES[0])
    with connection.cursor() as cursor:  # the rows are whole by construction: skip FK checks
        cursor.execute("SET session_replication_role = replica")
    sink = Sink()
    started = time.perf_counter()
    each = sizes(accounts, contacts, largest, SEED)
    for index, size in enumerate(each):
        rng = random.Random(SEED + index)
        if index == 0:
            user, profile, questions = template, Profile.objects.get(owner=template), defaults
        else:
            user, profile, questions = _account(sink, user_model, index, rng, defaults)
        conversations = max(1, round(size * CONVERSATIONS_PER_CONTACT))
        leads = round(conversations * LEADS_PER_CONVERSATION)
        CopyBuilder(user, rng, profile, questions).build(size, conversations, leads)
        sink.flush(at_least=FLUSH_ROWS)
        if index % 500 == 0:
            done = sum(each[: index + 1])
            print(
                f"  {index + 1} accounts, {done:,} contacts, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    sink.flush()
    sink.reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")
    largest_contacts = Contact.objects.filter(owner=template).count()
    return {
        "rows": dict(sink.written),
        "largest_email": email(0),
        "largest_contacts": largest_contacts,
    }


def _account(
    sink: Sink, user_model: Any, index: int, rng: random.Random, defaults: list[Any]
) -> tuple[Any, Any, list[Any]]:
    from parting.core.models import Profile, Question

    address = email(index)
    unusable = "!"  # no password: the benchmarks sign in with sessions
    user = sink.add(user_model, [user_model(username=address, email=address, password=unusable)])[0]
    profile = Profile(
        owner=user,
        name=f"Seeker {index}",
        timezone=rng.choice(ZONES),
        niche="logistics software",
        digest_enabled=rng.random() < 0.6,
    )
    sink.add(Profile, [profile])
    questions = [
        Question(owner=user, text=q.text, archetype=q.archetype, favourite=q.favourite, position=i)
        for i, q in enumerate(defaults)
    ]
    return user, profile, sink.add(Question, questions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server, without database")
    parser.add_argument("--accounts", type=int, default=ACCOUNTS)
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    parser.add_argument("--largest", type=int, default=LARGEST)
    parser.add_argument("--rebuild", action="store_true", help="build even when it is there")
    args = parser.parse_args(argv)
    os.environ.setdefault("PARTING_HOME", "/tmp/parting-bench-hosted-home")  # noqa: S108
    info = ensure(args.server, args.accounts, args.contacts, args.largest, args.rebuild)
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
