"""`parting share add/accept/list/revoke`, `parting user invite` and `parting caseload`: a
seeker's shares, and a coach's side of them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction

from parting.cli.context import Context
from parting.cli.data import _read
from parting.cli.output import short, table
from parting.core.choices import Scope
from parting.core.domain import caseload, coach_view, invitations, sharing, tree
from parting.core.domain.coach_notes import leave_note
from parting.core.domain.errors import Invalid
from parting.data import invites
from parting.data.exports import caseload_csv
from parting.web.links import absolute


def register(sub: Any, common: Any) -> None:
    share = sub.add_parser("share", parents=[common])
    actions = share.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="invite a coach (prints the link)", parents=[common])
    add.add_argument("email", metavar="EMAIL", help="the coach's email")
    add.add_argument(
        "--scope",
        choices=Scope.values,
        default=Scope.NUMBERS,
        help="numbers (counts and rates, no names; default) or full (read-only)",
    )
    add.add_argument("--until", metavar="DATE", help="the last day the coach may look")
    add.set_defaults(handler=share_add)
    accept = actions.add_parser("accept", help="accept a share, as the coach", parents=[common])
    accept.add_argument("link", metavar="LINK", help="the invitation link (or its last part)")
    accept.set_defaults(handler=share_accept)
    listing = actions.add_parser("list", help="who sees what, since when", parents=[common])
    listing.set_defaults(handler=share_list)
    revoke = actions.add_parser(
        "revoke", help="stop sharing with a coach, at once", parents=[common]
    )
    revoke.add_argument("email", metavar="EMAIL")
    revoke.set_defaults(handler=share_revoke)

    load = sub.add_parser("caseload", parents=[common])
    load.add_argument(
        "seeker", nargs="?", metavar="SEEKER", help="one seeker's page (their email or id)"
    )
    load.add_argument("--note", metavar="TEXT", help="leave SEEKER a note (shown on their Today)")
    load.add_argument("--csv", action="store_true", help="the caseload as CSV")
    load.set_defaults(handler=caseload_command)


def register_invite(actions: Any, common: Any) -> None:
    """`parting user invite`, under `parting user`."""
    invite = actions.add_parser(
        "invite", help="invite people to make an account (prints each link)", parents=[common]
    )
    invite.add_argument("email", nargs="?", metavar="EMAIL")
    invite.add_argument("--csv", metavar="FILE", help="a CSV with an email column")
    invite.set_defaults(handler=user_invite)


def _link(ctx: Context, issued: invitations.Issued) -> tuple[str, bool]:
    """The invitation's link, mailed when mail is set up."""
    url = absolute("invite", issued.token, base=ctx.site)
    return url, invitations.send(issued, url)


def _mailed(sent: bool, email: str) -> str:
    return f"Mailed to {email}." if sent else "Mail is not set up: send this link yourself."


def share_add(ctx: Context) -> None:
    until = ctx.day(ctx.args.until)
    with transaction.atomic():  # mail that fails leaves no invitation behind
        issued = invitations.invite_coach(ctx.user, ctx.args.email, ctx.args.scope, until)
        url, sent = _link(ctx, issued)
    row = issued.invitation
    expires = row.created_at + invitations.LIFETIME
    data = {
        "url": url,
        "email": row.email,
        "scope": row.scope,
        "mailed": sent,
        "until": until.isoformat() if until else None,
        "expires": expires.isoformat(),
    }
    ctx.emit(
        data,
        [
            f"Invited {row.email} to see your {row.scope}. {_mailed(sent, row.email)}",
            f"  {url}",
            f"The link works once, until {expires.astimezone(ctx.zone):%Y-%m-%d %H:%M}.",
        ],
    )


def token_of(link: str) -> str:
    """The token in an invitation link, or the text itself when it is only the token."""
    match = re.search(r"/invite/([^/?#\s]+)", link)
    return match.group(1) if match else link.strip()


def share_accept(ctx: Context) -> None:
    share = invitations.accept(ctx.user, token_of(ctx.args.link))
    name = sharing.display_name(share.seeker)
    ctx.emit(
        {"seeker_id": share.seeker_id, "seeker": name, "scope": share.scope},
        [f"{name} now shares their {share.scope} with you: `parting caseload` lists them."],
    )


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def share_list(ctx: Context) -> None:
    mine = sharing.sharing_of(ctx.user)
    views = sharing.shared_views(ctx.user)
    data = {
        "shares": [
            {
                "email": s.coach.email,
                "scope": s.scope,
                "since": s.created_at.isoformat(),
                "until": _day(s.until),
            }
            for s in mine.live
        ],
        "invitations": [
            {"email": i.email, "scope": i.scope, "sent": i.created_at.isoformat()}
            for i in mine.pending
        ],
        "shared_with_you": [
            {
                "seeker_id": v.seeker.pk,
                "seeker": v.seeker_name,
                "email": v.seeker.email,
                "scope": v.scope,
                "since": v.since.isoformat(),
            }
            for v in views
        ],
    }
    rows = [
        [
            s.coach.email,
            s.scope,
            f"since {s.created_at.astimezone(ctx.zone):%Y-%m-%d}",
            f"until {s.until}" if s.until else "",
        ]
        for s in mine.live
    ]
    rows += [[i.email, i.scope, "invited, not accepted yet", ""] for i in mine.pending]
    lines = ["You share with:", *(table(rows) or ["  nobody"])]
    if views:
        lines += ["Sharing with you:"]
        lines += table([[v.seeker_name, v.seeker.email, v.scope] for v in views])
    ctx.emit(data, lines)


def share_revoke(ctx: Context) -> None:
    ended, dropped = sharing.revoke(ctx.user, ctx.args.email)
    what = "can no longer see your search" if ended else "invitation cancelled"
    ctx.emit(
        {"email": ctx.args.email, "ended": ended, "invitations_dropped": dropped},
        [f"{ctx.args.email}: {what}."],
    )


def user_invite(ctx: Context) -> None:
    if bool(ctx.args.email) == bool(ctx.args.csv):
        raise Invalid("name one EMAIL or --csv FILE")
    with transaction.atomic():  # all mailed, or none invited
        if ctx.args.csv:
            people = invites.emails(*_read(ctx.args.csv))
            issued, skipped = invitations.invite_accounts(ctx.user, people)
        else:
            issued, skipped = [invitations.invite_account(ctx.user, ctx.args.email)], []
        sent = [(i, *_link(ctx, i)) for i in issued]
    data = {
        "invited": [{"email": i.invitation.email, "url": url, "mailed": m} for i, url, m in sent],
        "skipped": [{"email": e, "reason": "has an account"} for e in skipped],
    }
    lines = [f"{i.invitation.email}  {url}{'  (mailed)' if m else ''}" for i, url, m in sent]
    lines += [f"{e}: has an account already, not invited" for e in skipped]
    lines.append(f"Invited {len(sent)}; each link works once, for 7 days.")
    ctx.emit(data, lines)


def caseload_command(ctx: Context) -> None:
    if ctx.args.seeker:
        return _seeker(ctx)
    rows = caseload.caseload(ctx.user)
    if ctx.args.csv:
        ctx.env.stdout.write(caseload_csv(rows))
        return None
    lines = [
        f"{r.view.seeker_name} ({r.view.scope}, #{r.view.seeker.pk}): {short(r.why, 200)}"
        for r in rows
    ]
    ended = sharing.ended_for_coach(ctx.user)
    lines += [f"{name} stopped sharing on {when:%Y-%m-%d}." for name, when in ended]
    ctx.emit([r.as_dict() for r in rows], lines or ["Nobody shares with you yet."])
    return None


def _seeker(ctx: Context) -> None:
    view = sharing.shared_view_of(ctx.user, ctx.args.seeker)
    if ctx.args.note is not None:
        note = leave_note(view, ctx.args.note)
        ctx.emit(
            {"note_id": note.pk, "seeker_id": view.seeker.pk, "text": note.text},
            [f"Note left for {view.seeker_name}."],
        )
        return
    page = coach_view.seeker_page(view)
    s = page.signals
    lines = [
        f"{view.seeker_name}: shares {view.scope} since {view.since.astimezone(ctx.zone):%Y-%m-%d}",
        f"  due today or overdue: {s.due} ({s.overdue} overdue)",
        f"  rejections without a question, last 7 days: {s.unasked}",
        f"  leads quiet for over 7 business days: {s.quiet_leads}",
        "  leads: " + ", ".join(f"{label.lower()} {n}" for _, label, n in page.leads_by_status),
        f"  funnel: {page.all_time.rejections} rejections, {page.all_time.asks} asks, "
        f"{page.all_time.leads} leads, {page.all_time.interviews} interviews, "
        f"{page.all_time.offers} offers",
        "Referral tree:",
        *(["  " + line for line in tree.text_lines(page.forest, 78)] or ["  none yet"]),
        "Your notes:",
        *([f"  {n.created_at:%Y-%m-%d} {short(n.text, 60)}" for n in page.notes] or ["  none"]),
    ]
    ctx.emit(page.as_dict(), lines)
