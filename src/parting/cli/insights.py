"""`parting stats [--week DATE]` and `parting tree [CONTACT]`: the insights pages' numbers
and tree, in the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from parting.cli.context import Context
from parting.cli.output import short, table
from parting.core.domain import first_week, funnel, network, stages, tree


def register(sub: Any, common: Any) -> None:
    stats = sub.add_parser("stats", parents=[common])
    stats.add_argument(
        "--week", metavar="DATE", help="any day of the week to show (default: this week)"
    )
    stats.add_argument("--change", metavar="TEXT", help="write down one thing to change next week")
    stats.set_defaults(handler=stats_command)
    referral = sub.add_parser("tree", parents=[common])
    referral.add_argument(
        "contact", nargs="?", metavar="CONTACT", help="one contact's tree (id or name)"
    )
    referral.set_defaults(handler=tree_command)


def _rate(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else "–"


def funnel_lines(stats: funnel.Stats) -> list[str]:
    week = stats.week.since.date().isoformat() if stats.week.since else ""
    rows = [["", "all time", f"week of {week}"]]
    rows += [
        [label, str(stats.all_time.steps()[i][2]), str(stats.week.steps()[i][2])]
        for i, (_, label) in enumerate(funnel.STEPS)
    ]
    rows.append(
        [
            "Ask rate",
            _rate(stats.all_time.asks, stats.all_time.rejections),
            _rate(stats.week.asks, stats.week.rejections),
        ]
    )
    trend = [
        [f.since.date().isoformat() if f.since else "", _rate(f.asks, f.rejections)]
        for f in stats.trend
    ]
    return ["Funnel", *table(rows), "", "Ask rate by week", *table(trend), "", *step_lines()]


def step_lines() -> list[str]:
    """What each step counts: the domain's definitions, as on the insights funnel page."""
    lines = ["What each step counts"]
    for step in stages.STEPS:
        lines += textwrap.wrap(
            f"{step.label}: {step.meaning}", 78, initial_indent="  ", subsequent_indent="    "
        )
    return lines


def yield_lines(title: str, rows: list[funnel.RankedYield]) -> list[str]:
    body = [
        [
            str(y.rank) if y.rank else "-",
            f"{y.rate:.2f}" if y.rate is not None else "–",
            y.note,
            short(y.label, 40),
        ]
        for y in rows
    ]
    return ["", title, *(table(body) or ["  none yet"])]


def stats_command(ctx: Context) -> None:
    if ctx.args.change is not None:
        profile = first_week.note_week_change(ctx.user, ctx.args.change)
        ctx.emit(
            {"week_change": profile.week_change, "week_change_on": str(profile.week_change_on)},
            [f"Saved: one thing to change next week: {profile.week_change}"],
        )
        return
    stats = funnel.stats(ctx.user, week=ctx.day(ctx.args.week), today=ctx.today())
    lines = funnel_lines(stats)
    lines += yield_lines(
        f"Yield per archetype (leads per ask; ranked from {funnel.MIN_ASKS} asks)",
        stats.archetypes,
    )
    lines += yield_lines("Yield per question", stats.questions)
    ctx.emit(stats.as_dict(), lines)


def tree_command(ctx: Context) -> None:
    contact = network.resolve_contact(ctx.user, ctx.args.contact) if ctx.args.contact else None
    forest = tree.referral_forest(ctx.user, contact)
    nodes = forest.walk()
    empty = (
        f"No referrals yet from or through {contact.name}."
        if contact
        else "No referrals yet: ask your parting question after a rejection and capture the lead."
    )
    ctx.emit([tree.node_dict(n) for n in nodes], tree.text_lines(forest) or [empty])
