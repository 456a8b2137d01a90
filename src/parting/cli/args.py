"""Argument parsing: one-line usage errors, and the date words the commands accept."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
from typing import Any, NoReturn

from parting.cli.env import Environment
from parting.core.domain import clock
from parting.core.domain.bounds import date_range_message, day_in_range
from parting.core.domain.errors import Invalid


class ParserExit(Exception):
    """argparse finished (help shown, or a usage error already reported)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the Environment and never calls sys.exit."""

    def __init__(self, *args: Any, env: Environment, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.env = env

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(Parser, env=self.env))
        kwargs.setdefault("metavar", "COMMAND")
        return super().add_subparsers(**kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        # Only help and usage come here (errors go through `error`): they belong on stdout.
        if message:
            self.env.stdout.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.env.stderr.write(message)
        raise ParserExit(status)

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit 2: the usage block is for --help only."""
        self.env.error(f"parting: error: {message} (see `{self.prog} --help`)")
        raise ParserExit(2)


def parse_day(text: str, today: dt.date) -> dt.date:
    """An ISO date, or `today` / `tomorrow` / `yesterday`."""
    word = text.strip().lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in relative:
        return today + dt.timedelta(days=relative[word])
    try:
        day = dt.date.fromisoformat(word)
    except ValueError:
        raise Invalid(f"not a date: {text!r} (use YYYY-MM-DD, today or tomorrow)") from None
    if not day_in_range(day):
        raise Invalid(f"not a date Parting keeps: {text!r} ({date_range_message()})")
    return day


def parse_when(text: str, tz_name: str, now: dt.datetime) -> dt.datetime:
    """`now`, an ISO date (start of that day) or an ISO date and time, in the seeker's zone."""
    word = text.strip()
    if word.lower() == "now":
        return now
    try:
        when = dt.datetime.fromisoformat(word)
    except ValueError:
        raise Invalid(
            f"not a date or time: {text!r} (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or now)"
        ) from None
    if not day_in_range(when.date()):
        raise Invalid(f"not a date Parting keeps: {text!r} ({date_range_message()})")
    return when if when.tzinfo else when.replace(tzinfo=clock.zone(tz_name))
