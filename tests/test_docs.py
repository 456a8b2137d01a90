"""The command-line contract in docs/design.md, the CLI and the README agree."""

import re
from pathlib import Path

import pytest

from parting.cli.env import Environment
from parting.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
DESIGN = (ROOT / "docs" / "design.md").read_text()
README = (ROOT / "README.md").read_text()


def contract_commands() -> set[str]:
    block = DESIGN.split("## Command-line contract", 1)[1].split("```")[1]
    names = set()
    for line in block.splitlines():
        for part in line.split("·"):
            match = re.match(r"\s*parting (\w[\w-]*)", part)
            if match:
                names.add(match.group(1))
    return names


def cli_commands() -> set[str]:
    parser = build_parser(Environment.from_process())
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_the_contract_lists_commands():
    assert {"serve", "log", "ask", "lead", "due", "import", "restore"} <= contract_commands()


@pytest.mark.parametrize("name", sorted(contract_commands()))
def test_every_contract_command_exists(name):
    assert name in cli_commands(), f"`parting {name}` is in the contract but not in the CLI"


@pytest.mark.parametrize("name", sorted(cli_commands()))
def test_every_command_is_in_the_readme(name):
    assert f"`{name}" in README or f"parting {name}" in README, f"README never mentions {name}"


def test_readme_leads_with_the_two_commands():
    first = README.index("make run")
    assert first < README.index("make test") < README.index("## A short tour")
