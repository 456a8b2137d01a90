"""A lossless, versioned JSON backup of one seeker's account, and restoring it.

Generic over every model with an `owner` (so models added later are included), plus the
Profile. Ids are remapped on restore; timestamps are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import orjson
from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from parting.core.choices import ActivityKind
from parting.core.domain import accounts, activity
from parting.core.domain.errors import Conflict, Invalid
from parting.core.models import Profile
from parting.data import restore_check, restore_write

FORMAT = "parting-backup"
VERSION = 1
# Merge history names ids of rows that no longer exist after a restore; imports, their
# uploads and their jobs are transient, and so is the data stamp (domain.freshness); account
# activity is the account's own record of what happened, restores included; periodic runs
# are the site's bookkeeping; API tokens are credentials, which a backup file must not
# carry and a restore must not bring back.
EXCLUDED = {
    "core.Merge",
    "core.ImportRun",
    "core.Activity",
    "core.StagedUpload",
    "core.Job",
    "core.DataStamp",
    "core.PeriodicRun",
    "core.ApiToken",
}
# What a new account starts with: a restore replaces these without asking.
STARTER = {"core.Question", "core.Script", "core.DrillCard"}
KEEP = 7
Progress = Callable[[int, int], None]


def _owner_field(model: type[models.Model]) -> models.Field | None:
    try:
        field = cast(models.Field, model._meta.get_field("owner"))
    except Exception:
        return None
    related = getattr(field, "related_model", None)
    return (
        field if related is not None and related._meta.label == settings.AUTH_USER_MODEL else None
    )


def owned_models() -> list[type[models.Model]]:
    """Models with an owner, parents before children (foreign keys point backwards)."""
    found = [
        m
        for m in apps.get_models()
        if m is not Profile and _owner_field(m) and m._meta.label not in EXCLUDED
    ]
    ordered: list[type[models.Model]] = []
    while found:
        ready = [m for m in found if all(t in ordered or t is m for t in _targets(m, found))]
        pick = ready[0] if ready else found[0]  # a cycle: its forward keys are set afterwards
        ordered.append(pick)
        found.remove(pick)
    return ordered


def _targets(model: type[models.Model], among: list[type[models.Model]]) -> list[Any]:
    return [
        f.related_model
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in among
    ]


def _rows(user: Any, model: type[models.Model]) -> Iterator[dict[str, Any]]:
    # The base manager: soft-deleted rows (e.g. questions kept for undo) are data too.
    query = model._base_manager.filter(owner=user).order_by("pk")
    fields = [f.attname for f in model._meta.concrete_fields if f.name != "owner"]
    yield from query.values(*fields).iterator(chunk_size=2000)


def backup(user: Any) -> dict[str, Any]:
    """The whole account as plain data."""
    row: dict[str, Any] = dict(Profile.objects.filter(owner=user).values().first() or {})
    profile = {k: v for k, v in row.items() if k not in ("id", "owner_id")}
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now(),
        "account": user.email,
        "profile": profile,
        "models": {m._meta.label: list(_rows(user, m)) for m in owned_models()},
    }


def download(user: Any) -> str:
    """The backup a seeker takes (web or CLI), noted in the account's activity as an export;
    the rolling daily backups are not."""
    text = dumps(backup(user))
    activity.record(user, ActivityKind.EXPORT, "backup")
    return text


class _Encoder(DjangoJSONEncoder):
    """Full ISO times: DjangoJSONEncoder would cut microseconds, and a backup is lossless."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        return super().default(o)


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=1)


def loads(text: str | bytes, filename: str = "backup") -> dict[str, Any]:
    """Parse and check the envelope. orjson refuses nesting past 1024 levels (a backup needs a
    few), so a hostile file cannot exhaust the stack; the size is checked before reading."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):
            raise Invalid(f"{filename}: nested too deeply; not a Parting backup") from None
        raise Invalid(f"{filename}, line {exc.lineno}: not a Parting backup (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid(f"{filename}: not a Parting backup (no format {FORMAT!r})")
    if data.get("version") != VERSION:
        raise Invalid(f"{filename}: backup version {data.get('version')!r} is not supported")
    if not isinstance(data.get("models"), dict):
        raise Invalid(f"{filename}: the backup has no models")
    return data


def counts(user: Any) -> dict[str, int]:
    return {m._meta.label: m._base_manager.filter(owner=user).count() for m in owned_models()}


def is_empty(user: Any) -> bool:
    """Nothing but what every new account starts with."""
    return not any(n for label, n in counts(user).items() if label not in STARTER)


def restore(
    user: Any,
    data: dict[str, Any] | restore_check.Checked,
    replace: bool = False,
    checking: Progress | None = None,
    writing: Progress | None = None,
    record: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Rebuild the backup in `user`'s account; a non-empty account needs `replace`.

    Every row is checked first; nothing is written unless all of them pass, and the account
    changes in one short transaction at the end (see restore_write). `checking` and `writing`
    hear of rows checked and rows written; `record(counts)` writes with that transaction."""
    refuse_unless_empty(user, replace)
    checked = data if isinstance(data, restore_check.Checked) else check(data, checking)
    done = restore_write.write(user, checked, owned_models(), writing, record)
    total = sum(done.values())
    activity.record(user, ActivityKind.RESTORE, f"{total} record{'s' if total != 1 else ''}")
    return done


def refuse_unless_empty(user: Any, replace: bool) -> None:
    """A restore replaces everything: over data the seeker has, only when asked to."""
    if not replace and not is_empty(user):
        raise Conflict(
            f"the account {user.email} is not empty; restore replaces everything in it",
            code="account_not_empty",
            account=user.email,
        )


def check(data: dict[str, Any], progress: Progress | None = None) -> restore_check.Checked:
    """Every row of a loaded backup checked with the forms' rules; raises Invalid."""
    return restore_check.check(data, owned_models(), progress)


# -- comparing backups, and the rolling daily backup ------------------------------------


def content(data: dict[str, Any]) -> dict[str, Any]:
    """The backup without its ids: each key replaced by the position of the row it names."""
    order = {
        label: {row["id"]: i for i, row in enumerate(rows)}
        for label, rows in data["models"].items()
    }
    keys = {}
    for model in owned_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is not None:
                keys[(model._meta.label, field.attname)] = field.related_model._meta.label
    out: dict[str, Any] = {"profile": data.get("profile"), "models": {}}
    for label, rows in data["models"].items():
        clean = []
        for row in rows:
            item = {}
            for name, value in row.items():
                if name == "id":
                    continue
                target = keys.get((label, name))
                if target in order and value is not None:
                    value = ("ref", order[target].get(value))
                item[name] = value
            clean.append(item)
        out["models"][label] = clean
    return json.loads(dumps(out))


def fingerprint(user: Any) -> str:
    """Cheap to compute: row counts, newest change and highest id per model."""
    parts = []
    for model in owned_models():
        rows = model._base_manager.filter(owner=user)
        stamp = "updated_at" if any(f.name == "updated_at" for f in model._meta.fields) else "pk"
        agg = rows.aggregate(n=models.Count("pk"), top=models.Max("pk"), last=models.Max(stamp))
        parts.append(f"{model._meta.label}:{agg['n']}:{agg['top']}:{agg['last']}")
    profile = Profile.objects.filter(owner=user).values().first()
    parts.append(dumps(dict(profile or {})))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def rolling_backup(user: Any, home: Path, today: dt.date | None = None) -> Path | None:
    """Today's backup in home/backups/<user id>/, keeping the last 7; None when unchanged."""
    folder = Path(home) / "backups" / str(user.pk)
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / "fingerprint"
    current = fingerprint(user)
    if mark.exists() and mark.read_text() == current:
        return None
    day = today or timezone.localdate()
    path = folder / f"parting-backup-{day.isoformat()}.json"
    path.write_text(dumps(backup(user)), encoding="utf-8")
    mark.write_text(current)
    for old in sorted(folder.glob("parting-backup-*.json"))[:-KEEP]:
        old.unlink()
    return path


def rolling_backups_for_all(home: Path) -> int:
    """One rolling backup per account; returns how many were written."""
    return sum(1 for user in accounts.people() if rolling_backup(user, home) is not None)
