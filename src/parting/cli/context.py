"""What a command handler gets: the environment, its arguments, and the acting account."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone

from parting.cli import output
from parting.cli.args import parse_day, parse_when
from parting.cli.env import Environment
from parting.core.domain import accounts, clock
from parting.core.domain.profiles import get_profile, zone_of
from parting.core.models import Profile


@dataclass
class Context:
    env: Environment
    args: argparse.Namespace

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @cached_property
    def user(self) -> Any:
        """`--user`, else PARTING_USER, else the only account (exit 2 when there are several)."""
        email = getattr(self.args, "user", None) or self.env.environ.get("PARTING_USER")
        user = accounts.resolve_user(email)
        timezone.activate(zone_of(user))  # every time the command shows is the seeker's
        return user

    @property
    def site(self) -> str:
        """Where links point: PARTING_BASE_URL, else where `parting serve` last listened."""
        from parting.web.links import command_site

        return command_site(self.env.environ)

    @cached_property
    def profile(self) -> Profile:
        return get_profile(self.user)

    @property
    def zone(self) -> dt.tzinfo:
        return clock.zone(self.profile.timezone)

    def today(self) -> dt.date:
        """Today in the seeker's time zone, by the environment's clock."""
        return self.env.now().astimezone(self.zone).date()

    def day(self, text: str | None) -> dt.date | None:
        return parse_day(text, self.today()) if text else None

    def when(self, text: str | None) -> dt.datetime | None:
        return parse_when(text, self.profile.timezone, self.env.now()) if text else None

    def emit(self, data: Any, lines: list[str]) -> None:
        """JSON when --json was given, else the human lines."""
        if self.json:
            output.print_json(self.env, data)
        else:
            for line in lines:
                self.env.write(line)
