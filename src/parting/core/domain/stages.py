"""The funnel's stages, defined once: rejection → ask → lead → contacted → talked → interview
→ offer. From "lead" on, each stage counts leads, so each is a subset of the one before.

The funnel, `parting stats`, the insights pages and the referral tree all read these. An
opening's own stage changes here too (`stage_change`), so the day it became `applied` is
noted by every door."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from parting.core.choices import PAID_OFF, Kind, LeadStatus, Outcome, Stage

if TYPE_CHECKING:
    from parting.core.models import Opening

INTERVIEW_STAGES = (Stage.INTERVIEWING,)
OFFER_STAGES = (Stage.OFFER, Stage.ACCEPTED)
# A conversation that reached nobody is not talking with them.
UNANSWERED = (Outcome.NO_ANSWER, Outcome.VOICEMAIL)
CONTACTED = (LeadStatus.CONTACTED, *PAID_OFF)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    meaning: str


STEPS = [
    Step("conversations", "Conversations", "Every call, screen and interview logged."),
    Step(
        "rejections",
        "Rejections",
        "Conversations that ended in a rejection, whatever their kind: a rejected interview "
        "is a rejection.",
    ),
    Step("asks", "Asks", "Rejections where you asked a parting question."),
    Step(
        "leads",
        "Leads",
        "People or companies suggested to you, counted in the week of the call they came "
        "from. One ask can give several leads, so this can pass the asks; from here on each "
        "count is part of the one before.",
    ),
    Step("contacted", "Contacted", "Leads you reached out to (or got further with)."),
    Step(
        "talked",
        "Talked",
        "Leads you spoke with: marked talked or won, or a conversation with them logged "
        "since the referral (not a voicemail or no answer).",
    ),
    Step(
        "interviews",
        "Interviews",
        "Leads that led to an interview: a conversation with them that was an interview or "
        "advanced, and did not end in a rejection.",
    ),
    Step("offers", "Offers", "Leads that led to an offer: a conversation with them ended in one."),
]


def is_offer(outcome: str, stage: str | None = None) -> bool:
    """A conversation that ended in an offer, or whose opening reached one."""
    return outcome == Outcome.OFFER or (outcome != Outcome.REJECTED and stage in OFFER_STAGES)


def is_interview(outcome: str, kind: str, stage: str | None = None) -> bool:
    """An interview won: of kind interview, advanced, or at the interviewing stage, and not
    ended in a rejection (a rejected interview is a rejection). Offers count too."""
    if outcome == Outcome.REJECTED:
        return False
    door = kind == Kind.INTERVIEW or outcome == Outcome.ADVANCED or stage in INTERVIEW_STAGES
    return door or is_offer(outcome, stage)


def offer_q(prefix: str = "") -> Q:
    """`is_offer` as a filter on conversations (through `prefix`, e.g. "conversation__")."""
    not_rejected = ~Q(**{f"{prefix}outcome": Outcome.REJECTED})
    return Q(**{f"{prefix}outcome": Outcome.OFFER}) | (
        Q(**{f"{prefix}opening__stage__in": OFFER_STAGES}) & not_rejected
    )


def interview_q(prefix: str = "") -> Q:
    """`is_interview` as a filter on conversations."""
    door = (
        Q(**{f"{prefix}kind": Kind.INTERVIEW})
        | Q(**{f"{prefix}outcome": Outcome.ADVANCED})
        | Q(**{f"{prefix}opening__stage__in": INTERVIEW_STAGES})
    )
    return (door & ~Q(**{f"{prefix}outcome": Outcome.REJECTED})) | offer_q(prefix)


def talked_q(prefix: str = "") -> Q:
    """A conversation that reached the person."""
    return ~Q(**{f"{prefix}outcome__in": UNANSWERED})


def stage_change(opening: Opening, stage: str, today: Callable[[], dt.date]) -> dict[str, Any]:
    """The fields an opening takes on moving to `stage`. Becoming `applied` notes the day
    (`today()`, the seeker's date) for the work-search log, unless it was noted already; moving
    back to `interested` forgets it, as the application did not happen."""
    values: dict[str, Any] = {"stage": stage}
    if stage == opening.stage:
        return values
    if stage == Stage.APPLIED and opening.applied_on is None:
        values["applied_on"] = today()
    elif stage == Stage.INTERESTED:
        values["applied_on"] = None
    return values
