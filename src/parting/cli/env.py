"""The world a command runs in: streams, clock, environment variables (httpie's Environment)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO


def _utc_now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


@dataclass
class Environment:
    """Everything a command reads or writes besides the database; tests pass their own."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    now: Callable[[], dt.datetime] = _utc_now
    interactive: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    # Reads a password without echo; None reads a plain line from stdin (tests).
    getpass: Callable[[str], str] | None = None

    @classmethod
    def from_process(cls) -> Environment:
        """The real terminal and process environment."""
        return cls(
            interactive=sys.stdin.isatty(),
            environ=os.environ,
            getpass=getpass.getpass,
        )

    def write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def error(self, text: str) -> None:
        self.stderr.write(text + "\n")

    def prompt(self, question: str) -> str | None:
        """Ask for one line; None at end of input."""
        self.stdout.write(question)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        return line.rstrip("\r\n")

    def secret(self, question: str) -> str | None:
        """Ask for a password without echoing it; None at end of input."""
        if self.getpass is not None:
            try:
                return self.getpass(question)
            except EOFError:
                return None
        return self.prompt(question)
