"""Argument parsing: one-line usage errors, and the date words the commands accept."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import functools
import re
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
        """One line on stderr, exit 2, worded like every other error: the usage block is for
        --help only."""
        self.env.error(f"parting: {usage_message(message)} (see `{self.prog} --help`)")
        raise ParserExit(2)


# argparse's wording, and Parting's: `parting: missing --outcome`, like every other error.
REQUIRED = re.compile(r"^the following arguments are required: (.*)$")
CHOICE = re.compile(r"^argument ([^:]+): invalid choice: '([^']*)' \(choose from (.*)\)$")
NUMBER = re.compile(r"^argument ([^:]+): invalid int value: '(.*)'$")
NO_VALUE = re.compile(r"^argument ([^:]+): expected one argument$")
ARGUMENT = re.compile(r"^argument ([^:]+): (.*)$")
UNKNOWN = re.compile(r"^unrecognized arguments: (.*)$")


def usage_message(message: str) -> str:
    """argparse's error in Parting's words, on one line."""
    if found := REQUIRED.match(message):
        return f"missing {found[1]}"
    if found := CHOICE.match(message):
        name, typed = found[1], found[2]
        choices = re.findall(r"'([^']*)'", found[3])
        if name != "COMMAND":
            return f"unknown {name} '{typed}' (one of {', '.join(choices)})"
        close = difflib.get_close_matches(typed, choices, n=1)
        return f"unknown command '{typed}'" + (f"; did you mean {close[0]}?" if close else "")
    if found := NUMBER.match(message):
        return f"{found[1]} takes a whole number, not '{found[2]}'"
    if found := NO_VALUE.match(message):
        return f"{found[1]} needs a value"
    if found := UNKNOWN.match(message):
        return f"unknown option {found[1]}"
    if found := ARGUMENT.match(message):
        return f"{found[1]}: {found[2]}"
    return message


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
