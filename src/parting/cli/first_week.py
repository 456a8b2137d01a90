"""`parting first-week [dismiss|resume]`: the six steps of the first week, which are done, and
how to do the next one from the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from parting.cli.context import Context
from parting.core.domain import first_week

# How the terminal does each step (the web links to its pages instead).
HOW = {
    "questions": "parting questions list, then: parting questions edit ID TEXT",
    "practise": "parting drill",
    "script": "read it with parting script; edit it on the Phone script page ({site}/script/)",
    "call": "parting call, or: parting log CONTACT --outcome rejected, then parting ask",
    "thank": "parting lead set LEAD --thanked --permission granted, then --status contacted",
    "review": "parting stats, then: parting stats --change TEXT",
}


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("first-week", parents=[common])
    cmd.add_argument(
        "action",
        nargs="?",
        choices=["dismiss", "resume"],
        help="dismiss: take it off Today; resume: show it there again",
    )
    cmd.set_defaults(handler=show)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, 76, initial_indent="  ", subsequent_indent="  ")


def show(ctx: Context) -> None:
    if ctx.args.action == "dismiss":
        first_week.dismiss(ctx.user)
    elif ctx.args.action == "resume":
        first_week.resume(ctx.user)
    progress = first_week.progress(ctx.user)
    lines = [f"Your first week: {progress.done} of {len(progress.steps)} done"]
    for number, (step, done) in enumerate(progress.steps, start=1):
        lines.append(f"  [{'x' if done else ' '}] {number}. {step.title}")
    upcoming = progress.next_step
    if upcoming is not None:
        lines += ["", f"Next: {upcoming.title}", *_wrap(upcoming.text)]
        lines += _wrap(f"Done when {upcoming.done_when}.")
        lines += _wrap("How: " + HOW[upcoming.key].format(site=ctx.site))
    else:
        lines += ["", "All six done: the weekly review (parting stats) is yours from here."]
    if progress.dismissed:
        lines += ["", "Not shown on Today (parting first-week resume brings it back)."]
    ctx.emit(_json(progress), lines)


def _json(progress: first_week.Progress) -> dict[str, Any]:
    return {
        "done": progress.done,
        "steps_total": len(progress.steps),
        "dismissed": progress.dismissed,
        "complete": progress.complete,
        "next": progress.next_step.key if progress.next_step else None,
        "steps": [
            {"key": s.key, "title": s.title, "done": done, "text": s.text, "done_when": s.done_when}
            for s, done in progress.steps
        ],
    }
