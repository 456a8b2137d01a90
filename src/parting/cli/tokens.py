"""`parting token create NAME [--read-only] [--expires DAYS]`, `token list`,
`token revoke ID`: personal access tokens for the API (/api/v1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parting.cli.context import Context
from parting.cli.output import moment, table
from parting.core.domain import clock, tokens
from parting.core.models import ApiToken


def register(sub: Any, common: Any) -> None:
    token = sub.add_parser("token", parents=[common])
    actions = token.add_subparsers(dest="action", required=True)
    create = actions.add_parser(
        "create", help="make a token (shown once: copy it then)", parents=[common]
    )
    create.add_argument("name", metavar="NAME", help="what it is for, e.g. 'phone shortcut'")
    create.add_argument("--read-only", action="store_true", help="it may read, never write")
    create.add_argument(
        "--expires",
        type=int,
        metavar="DAYS",
        help=f"it stops after DAYS days (1-{tokens.MAX_DAYS})",
    )
    create.set_defaults(handler=token_create)
    listing = actions.add_parser(
        "list", help="your tokens: prefix, scope, last used", parents=[common]
    )
    listing.set_defaults(handler=token_list)
    revoke = actions.add_parser("revoke", help="end a token at once", parents=[common])
    revoke.add_argument("token", metavar="ID", help="the token's id or prefix")
    revoke.set_defaults(handler=token_revoke)


def as_json(token: ApiToken, now: dt.datetime | None = None) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "scope": "read" if token.read_only else "read_write",
        "created_at": token.created_at.isoformat(),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "expired": tokens.is_expired(token, now),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
    }


def token_create(ctx: Context) -> None:
    a = ctx.args
    made = tokens.create_token(ctx.user, a.name, read_only=a.read_only, expires_days=a.expires)
    token = made.token
    scope = "read-only" if token.read_only else "read and write"
    until = f", until {moment(token.expires_at, ctx.zone)}" if token.expires_at else ""
    ctx.emit(
        {**as_json(token), "token": made.secret},
        [
            f"Token #{token.pk} {token.prefix} “{token.name}” ({scope}{until}):",
            f"  {made.secret}",
            "Copy it now: it is not shown again. Send it as 'Authorization: Bearer <token>'.",
        ],
    )


def token_list(ctx: Context) -> None:
    now = clock.now()
    items = list(tokens.live(ctx.user))
    rows = [
        [
            f"#{t.pk}",
            t.prefix,
            "read" if t.read_only else "read-write",
            "expired" if tokens.is_expired(t, now) else "",
            "used " + moment(t.last_used_at, ctx.zone) if t.last_used_at else "never used",
            t.name,
        ]
        for t in items
    ]
    ctx.emit(
        [as_json(t, now) for t in items],
        table(rows, indent="") or ["No tokens. Make one: parting token create NAME"],
    )


def token_revoke(ctx: Context) -> None:
    token = tokens.revoke_token(ctx.user, ctx.args.token)
    ctx.emit(
        as_json(token),
        [f"Revoked token #{token.pk} {token.prefix} “{token.name}”: it stops working now."],
    )
