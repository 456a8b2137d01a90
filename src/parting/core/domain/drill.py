"""Drill: practise recalling the questions with spaced repetition (fsrs)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler
from rapidfuzz import fuzz

from parting.core.choices import Archetype
from parting.core.domain import clock
from parting.core.domain.bounds import menu_number
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.questions import questions
from parting.core.domain.types import User
from parting.core.models import DrillCard, Question

# The situation that calls for each kind of question: the cue the seeker answers.
CUES: dict[str, str] = {
    Archetype.SAME_COMPANY: "The recruiter says they went with another candidate, but the "
    "company keeps growing. Ask about other people hiring there.",
    Archetype.SISTER_COMPANY: "The recruiter says the role went to an internal candidate. "
    "Ask about sister companies.",
    Archetype.NICHE_PEER: "The hiring manager says you were a close second and knows the "
    "field well. Ask which other companies in the niche to talk to.",
    Archetype.COMMUNITY: "The interviewer has been in town for years and wishes you luck. "
    "Ask who in the business community you could introduce yourself to.",
    Archetype.CUSTOM: "The call is ending on a friendly “no”. Ask your own question.",
}
RATINGS: dict[str, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}
# No fuzz: the same answers give the same schedule, which the seeker (and tests) can trust.
SCHEDULER = Scheduler(enable_fuzzing=False)
_WORD = re.compile(r"[\w'’{}]+")


@dataclass(frozen=True)
class Piece:
    """One run of words in the comparison: `same`, `missing` (in theirs only) or `extra`."""

    kind: str
    text: str


@dataclass(frozen=True)
class Comparison:
    score: int  # 0-100, rapidfuzz
    pieces: list[Piece]


def cue(question: Question) -> str:
    return CUES.get(question.archetype, CUES[Archetype.CUSTOM])


def _words(text: str) -> list[str]:
    return (text or "").split()


def _norm(word: str) -> str:
    return "".join(_WORD.findall(word.lower()))


def compare(own: str, typed: str) -> Comparison:
    """The seeker's wording beside what they recalled: a word diff and a similarity score."""
    theirs, recalled = _words(own), _words(typed)
    matcher = difflib.SequenceMatcher(
        a=[_norm(w) for w in theirs], b=[_norm(w) for w in recalled], autojunk=False
    )
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(theirs[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("missing", " ".join(theirs[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("extra", " ".join(recalled[b1:b2])))
    normal = " ".join(_norm(w) for w in theirs), " ".join(_norm(w) for w in recalled)
    return Comparison(round(fuzz.ratio(*normal)), pieces)


def sync_cards(user: User, at: dt.datetime | None = None) -> None:
    """Every live question gets a card, new ones due now."""
    at = at or clock.now()
    missing = questions(user).filter(drill_card__isnull=True)
    DrillCard.objects.bulk_create(
        DrillCard(owner=user, question=q, card=_new_card(at).to_dict(), due=at) for q in missing
    )


def _new_card(at: dt.datetime) -> Card:
    return Card(due=at.astimezone(dt.UTC))


def cards(user: User, at: dt.datetime | None = None) -> list[DrillCard]:
    """Cards of the live questions, soonest due first (favourites first among equals)."""
    sync_cards(user, at)
    return list(
        DrillCard.objects.for_user(user)
        .filter(question__deleted_at__isnull=True)
        .select_related("question")
        .order_by("due", "-question__favourite", "question__position", "id")
    )


def due(user: User, at: dt.datetime | None = None) -> list[DrillCard]:
    at = at or clock.now()
    return [c for c in cards(user, at) if c.due <= at]


def due_count(user: User, at: dt.datetime | None = None) -> int:
    """How many questions are due for practice (new questions count as due)."""
    at = at or clock.now()
    live = questions(user)
    new = live.filter(drill_card__isnull=True).count()
    scheduled = DrillCard.objects.for_user(user).filter(
        question__deleted_at__isnull=True, due__lte=at
    )
    return new + scheduled.count()


def next_due(user: User, at: dt.datetime | None = None) -> DrillCard | None:
    items = due(user, at)
    return items[0] if items else None


def parse_rating(text: str) -> Rating:
    word = (text or "").strip().lower()
    if picked := menu_number(word, 4):
        return Rating(picked)
    if word in RATINGS:
        return RATINGS[word]
    raise Invalid(f"unknown grade {text!r} (again, hard, good or easy; or 1-4)", field="rating")


def grade(
    user: User, question: Question, rating: Rating | str, at: dt.datetime | None = None
) -> DrillCard:
    """Schedule the next practice of a question from how well it was recalled (fsrs)."""
    at = (at or clock.now()).astimezone(dt.UTC)
    rating = rating if isinstance(rating, Rating) else parse_rating(rating)
    if question.owner_id != user.pk or question.deleted_at is not None:
        raise NotFound("no such question")
    sync_cards(user, at)
    drill_card = DrillCard.objects.for_user(user).get(question=question)
    card, _log = SCHEDULER.review_card(Card.from_dict(drill_card.card), rating, at)
    drill_card.card = card.to_dict()
    drill_card.due = card.due
    drill_card.reviews += 1
    drill_card.save(update_fields=["card", "due", "reviews", "updated_at"])
    return drill_card
