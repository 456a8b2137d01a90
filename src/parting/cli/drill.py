"""`parting drill`: practise the questions from memory, keyboard only; `--due` lists them."""

from __future__ import annotations

import textwrap
from typing import Any

from parting.cli import output
from parting.cli.context import Context
from parting.core.domain import drill
from parting.core.domain.drill import Comparison
from parting.core.models import DrillCard
from parting.data import serialize_profile

GRADES = "1 again, 2 hard, 3 good, 4 easy, q to stop"


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("drill", parents=[common])
    cmd.add_argument("--due", action="store_true", help="list what is due, without practising")
    cmd.set_defaults(handler=run_drill)


def run_drill(ctx: Context) -> None:
    now = ctx.env.now()
    due = drill.due(ctx.user, now)
    if ctx.args.due or ctx.json:
        rows = [[f"#{c.question_id}", c.question.archetype, c.question.text] for c in due]
        lines = [f"{len(due)} question{'s' if len(due) != 1 else ''} due for practice."]
        lines += output.table(rows, wrap=True)
        ctx.emit([serialize_profile.drill_card(c) for c in due], lines)
        return
    if not due:
        ctx.env.write("Nothing due for practice. " + _next_hint(ctx))
        return
    ctx.env.write(f"{len(due)} due. Type each question from memory; Enter on its own shows it.")
    done = 0
    for card in due:
        if not _practise(ctx, card):
            break
        done += 1
    ctx.env.write("")
    ctx.env.write(f"Practised {done} of {len(due)}. " + _next_hint(ctx))


def _next_hint(ctx: Context) -> str:
    upcoming = drill.cards(ctx.user)
    if not upcoming:
        return "Add a question first: parting questions add TEXT --archetype A"
    return f"Next practice: {output.moment(upcoming[0].due, ctx.zone)}."


def _practise(ctx: Context, card: DrillCard) -> bool:
    """One card: cue, recall, comparison, grade. False when the seeker stops."""
    ctx.env.write("")
    for line in textwrap.wrap(drill.cue(card.question), output.WIDTH):
        ctx.env.write(line)
    typed = ctx.env.prompt("> ")
    if typed is None:
        return False
    for line in comparison_lines(card.question.text, drill.compare(card.question.text, typed)):
        ctx.env.write(line)
    while True:
        answer = ctx.env.prompt(f"Grade ({GRADES}): ")
        if answer is None or answer.strip().lower() == "q":
            return False
        if answer.strip().lower() in {"1", "2", "3", "4", *drill.RATINGS}:
            graded = drill.grade(ctx.user, card.question, answer, ctx.env.now())
            ctx.env.write(f"Next time: {output.moment(graded.due, ctx.zone)}.")
            return True
        ctx.env.write(f"Type one of: {GRADES}.")


def comparison_lines(own: str, result: Comparison) -> list[str]:
    """Your wording, then the diff: [-missed words-] and {+added words+}."""
    marked = []
    for piece in result.pieces:
        if piece.kind == "missing":
            marked.append(f"[-{piece.text}-]")
        elif piece.kind == "extra":
            marked.append(f"{{+{piece.text}+}}")
        else:
            marked.append(piece.text)
    wrap = textwrap.TextWrapper(output.WIDTH, initial_indent="  ", subsequent_indent="  ")
    return [
        "Your wording:",
        *wrap.wrap(own),
        f"Difference (similarity {result.score}%):",
        *wrap.wrap(" ".join(marked)),
    ]
