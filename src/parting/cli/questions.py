"""`parting questions list|add|edit|favourite|unfavourite|delete|undo`."""

from __future__ import annotations

from typing import Any

from parting.cli import output
from parting.cli.context import Context
from parting.core.choices import Archetype
from parting.core.domain import question_bank, questions
from parting.core.domain.errors import Conflict
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    group = sub.add_parser("questions", parents=[common])
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="list them, favourites marked ★", parents=[common])
    listing.set_defaults(handler=question_list)

    add = actions.add_parser("add", help="add a question in your own words", parents=[common])
    add.add_argument("text", metavar="TEXT", help="slots: " + _slot_names())
    add.add_argument(
        "--archetype", required=True, metavar="A", help="one of " + ", ".join(Archetype.values)
    )
    add.set_defaults(handler=question_add)

    edit = actions.add_parser("edit", help="rewrite a question", parents=[common])
    edit.add_argument("id", metavar="ID")
    edit.add_argument("text", metavar="TEXT")
    edit.add_argument("--archetype", default="", metavar="A", help="move it to this archetype")
    edit.set_defaults(handler=question_edit)

    for name, helptext, handler in (
        ("favourite", "mark a favourite (at most two)", question_favourite),
        ("unfavourite", "unmark a favourite", question_unfavourite),
        ("delete", "delete a question (`questions undo` brings it back)", question_delete),
    ):
        action = actions.add_parser(name, help=helptext, parents=[common])
        action.add_argument("id", metavar="ID")
        action.set_defaults(handler=handler)
        if name == "delete":
            action.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    undo = actions.add_parser("undo", help="bring back a deleted question", parents=[common])
    undo.add_argument("id", metavar="ID", nargs="?", default=None, help="default: the last one")
    undo.set_defaults(handler=question_undo)


def _slot_names() -> str:
    return ", ".join(f"{{{s}}}" for s in question_bank.SLOTS)


def question_list(ctx: Context) -> None:
    items = list(questions.questions(ctx.user))
    lines = output.table(output.question_rows(items), indent="") or [
        "No questions yet: parting questions add TEXT --archetype A"
    ]
    ctx.emit([serialize.question(q) for q in items], lines)


def _show(ctx: Context, verb: str, question: Any) -> None:
    star = " ★" if question.favourite else ""
    line = f"{verb} question #{question.pk} ({question.archetype}){star}: {question.text}"
    ctx.emit(serialize.question(question), output.table([[line]], indent="", wrap=True))


def question_add(ctx: Context) -> None:
    question = question_bank.add_question(ctx.user, ctx.args.text, ctx.args.archetype)
    _show(ctx, "Added", question)


def question_edit(ctx: Context) -> None:
    question = question_bank.get_question(ctx.user, ctx.args.id)
    question_bank.edit_question(ctx.user, question, ctx.args.text, ctx.args.archetype or None)
    _show(ctx, "Changed", question)


def question_favourite(ctx: Context) -> None:
    question = question_bank.get_question(ctx.user, ctx.args.id)
    _show(ctx, "Favourite", questions.set_favourite(ctx.user, question, True))


def question_unfavourite(ctx: Context) -> None:
    question = question_bank.get_question(ctx.user, ctx.args.id)
    _show(ctx, "No longer a favourite:", questions.set_favourite(ctx.user, question, False))


def question_delete(ctx: Context) -> None:
    question = question_bank.get_question(ctx.user, ctx.args.id)
    if not ctx.args.yes:
        answer = ctx.env.prompt(
            f"Delete question #{question.pk} “{output.short(question.text, 40)}”? [y/N]: "
        )
        if (answer or "").strip().lower() not in ("y", "yes"):
            raise Conflict("not deleted: answer y, or pass --yes")
    question_bank.delete_question(ctx.user, question)
    _show(ctx, "Deleted", question)
    if not ctx.json:
        ctx.env.write(f"Changed your mind? parting questions undo {question.pk}")


def question_undo(ctx: Context) -> None:
    _show(ctx, "Brought back", question_bank.undo_delete(ctx.user, ctx.args.id))
