"""`parting --help` and usage errors come from the command table: no Django is set up."""

from __future__ import annotations

import os
import subprocess
import sys

from parting.cli.commands import COMMANDS, MODULES
from parting.cli.env import Environment
from parting.cli.main import build_parser, names_parser

# Run in a fresh interpreter: the test process has Django set up already.
PROBE = """
import sys
from parting.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in ("django.db", "django.apps.registry") if m in sys.modules)
print("loaded:", loaded, "exit:", code)
"""


def _probe(*argv: str) -> subprocess.CompletedProcess[str]:
    # Settings that cannot be imported: setting Django up would fail with "cannot start".
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parting_no_such_settings"}
    return subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, timeout=60
    )


def test_help_lists_the_commands_without_setting_up_django():
    result = _probe("--help")
    assert "loaded: [] exit: 0" in result.stdout, result.stderr
    assert "due         open follow-ups due by a date" in result.stdout
    assert result.stderr == ""


def test_a_missing_or_unknown_command_is_bad_usage_without_django():
    for argv in ([], ["nosuch"]):
        result = _probe(*argv)
        assert "loaded: [] exit: 2" in result.stdout, result.stderr
        assert (
            result.stderr.startswith(("parting: missing COMMAND", "parting: unknown command"))
            and "cannot start" not in result.stderr
        )


def test_a_command_sets_up_django():
    result = _probe("due")
    assert "cannot start" in result.stderr
    assert "exit: 1" in result.stdout


def test_the_table_and_the_modules_agree():
    """Every registered command is in the table, with its module and help line, in order."""
    full = build_parser(Environment.from_process())
    sub = next(a for a in full._actions if a.dest == "command")
    assert list(sub.choices) == list(COMMANDS)
    for name, parser in sub.choices.items():
        assert parser.prog == f"parting {name}"
    names_only = names_parser(Environment.from_process())
    assert names_only.format_help() == full.format_help()


def test_each_command_is_registered_by_the_module_the_table_names():
    for module in MODULES:
        parser = build_parser(Environment.from_process(), [module])
        sub = next(a for a in parser._actions if a.dest == "command")
        assert set(sub.choices) == {n for n, c in COMMANDS.items() if c.module == module}
