"""The `parting` command: parse, set up Django, run one command, map errors to exit statuses.

Only the command that runs is imported (parting.cli.commands): `parting --help` needs no Django.

Exit statuses (DESIGN.md): 0 success, 1 not found or conflict, 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from parting.cli.args import Parser, ParserExit
from parting.cli.commands import COMMANDS, MODULES, Commands
from parting.cli.env import Environment

if TYPE_CHECKING:
    from parting.core.domain.errors import DomainError

OK, FAILED, USAGE = 0, 1, 2

DESCRIPTION = """Turn every job-search "no" into the next lead.

Start with `parting serve`, or `parting demo` to look around first."""


def setup_django() -> None:
    """Configure Django once; tests arrive with it already set up."""
    from django.apps import apps

    if apps.ready:
        return
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parting.settings")
    django.setup()


def build_parser(env: Environment, modules: Iterable[str] = MODULES) -> Parser:
    """The command tree with the commands of `modules`, which it imports (Django must be set
    up). --user and --json are accepted before or after the command."""
    parser, common, sub = _skeleton(env)
    for module in modules:
        importlib.import_module(f"parting.cli.{module}").register(sub, common)
    return parser


def names_parser(env: Environment) -> Parser:
    """Every command by name and help line only, from the table: enough to tell which
    command runs, and for `parting --help`, without importing a command's module."""
    parser, _, sub = _skeleton(env)
    for name in COMMANDS:
        sub.add_placeholder(name)
    return parser


def _skeleton(env: Environment) -> tuple[Parser, Parser, Commands]:
    parser = Parser(prog="parting", description=DESCRIPTION, env=env)
    parser.add_argument("--user", metavar="EMAIL", help="act as this account (or PARTING_USER)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    common = Parser(add_help=False, env=env)
    common.add_argument(
        "--user", metavar="EMAIL", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    return parser, common, Commands(parser.add_subparsers(dest="command", required=True))


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run one command; return its exit status. Errors are one line on stderr."""
    env = env or Environment.from_process()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # Which command, from the table alone: `parting --help` sets up no Django.
        named, _ = names_parser(env).parse_known_args(argv)
    except ParserExit as exc:
        return exc.status
    try:
        setup_django()
        parser = build_parser(env, modules=[COMMANDS[named.command].module])
    except Exception as exc:  # a broken configuration, e.g. a bad DATABASE_URL
        env.error(f"parting: cannot start: {exc}")
        return FAILED
    try:
        args = parser.parse_args(argv)
    except ParserExit as exc:
        return exc.status
    return execute(args, env)


def execute(args: argparse.Namespace, env: Environment) -> int:
    from django.db import DatabaseError
    from django.utils import timezone

    from parting.cli.context import Context
    from parting.core.domain.errors import DomainError

    try:
        with timezone.override(None):  # the acting account's zone, once known (Context.user)
            args.handler(Context(env, args))
    except DomainError as exc:
        env.error(f"parting: {error_text(exc)}")
        return exc.exit_code
    except DatabaseError as exc:
        env.error(f"parting: {database_message(exc)}")
        return FAILED
    except KeyboardInterrupt:
        env.error("parting: interrupted")
        return 130
    except BrokenPipeError:  # the reader left (`parting due | head`): stop quietly
        _quiet_stdout()
        return OK
    except Exception as exc:
        if env.environ.get("PARTING_DEBUG"):
            raise
        env.error(f"parting: unexpected {type(exc).__name__}: {exc} (PARTING_DEBUG=1 shows more)")
        return FAILED
    return OK


# What the CLI says after a domain refusal with this code (the web has its own hints).
HINTS: dict[str, str] = {
    "no_account": ": run `parting user create EMAIL`",
    "several_accounts": ": choose one with --user EMAIL or PARTING_USER",
    "account_not_empty": " (use --replace)",
    "not_confirmed": " (answer y, or pass --yes)",
}


def error_text(exc: DomainError) -> str:
    """The domain's one line, with the CLI's hint for its code (flags, commands)."""
    return exc.message + HINTS.get(exc.code or "", "")


def database_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "is locked" in text:  # SQLite stayed busy past its timeout (another long write)
        return "the database is busy, try again in a moment"
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return f"the database is not set up ({text}): run `parting migrate` first"
    return f"database error: {text}"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing at exit cannot raise the broken pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests' StringIO)
        pass


def run() -> None:
    """Console entry point."""
    sys.exit(main(sys.argv[1:]))
