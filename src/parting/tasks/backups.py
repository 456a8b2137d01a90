"""The rolling daily backup of each local account, as periodic work (parting.queue.scheduler):
on a local install each account gets one a day in PARTING_HOME/backups, the last 7 kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings

from parting.core.domain import accounts as accounts_
from parting.core.domain.types import User
from parting.data import backup


def on() -> bool:
    """Local installs (SQLite), or wherever PARTING_SERVE_BACKUPS is turned on."""
    return bool(settings.PARTING_SERVE_BACKUPS)


def accounts() -> Iterator[tuple[int, None]]:
    """Every real account; backups follow the site's day (UTC)."""
    for pk in accounts_.people().values_list("pk", flat=True):
        yield pk, None


def back_up(user: User, day: dt.date) -> str | None:
    """Today's backup file, or None when nothing changed since the last one."""
    path = backup.rolling_backup(user, settings.PARTING_HOME, today=day)
    return str(path) if path else None
