"""`parting questions list` (adding and editing come in a later milestone)."""

from __future__ import annotations

from typing import Any

from parting.cli import output
from parting.cli.context import Context
from parting.core import serialize
from parting.core.domain import questions


def register(sub: Any, common: Any) -> None:
    group = sub.add_parser("questions", help="your parting questions", parents=[common])
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="list them, favourites marked ★", parents=[common])
    listing.set_defaults(handler=question_list)


def question_list(ctx: Context) -> None:
    items = list(questions.questions(ctx.user))
    lines = output.table(output.question_rows(items), indent="") or ["No questions yet."]
    ctx.emit([serialize.question(q) for q in items], lines)
