"""Helpers for CLI tests: the command's result, row counts, the one-line error check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from parting.core.models import Ask, Company, Contact, Conversation, FollowUp, Lead


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def flat(self) -> str:
        """The output with wrapping and alignment undone, for matching text."""
        return " ".join(self.out.split())

    def fits(self, width: int = 80) -> bool:
        return all(len(line) <= width for line in self.lines)


def counts() -> dict[str, int]:
    """Row counts of everything a command could write."""
    models = (Company, Contact, Conversation, Ask, Lead, FollowUp)
    return {m.__name__: m.objects.count() for m in models}


def assert_one_line_error(result: Result, code: int) -> None:
    assert result.code == code, result
    assert result.out == ""
    assert result.err.startswith("parting: ")
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err
