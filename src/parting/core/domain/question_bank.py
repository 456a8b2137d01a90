"""The question bank: add, edit in the seeker's own words, reorder, delete with undo."""

from __future__ import annotations

import difflib
import re

from django.db import transaction
from django.db.models import Max

from parting.core.choices import Archetype
from parting.core.domain import clock
from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.questions import fill_slots, questions, set_favourite, slots_for
from parting.core.domain.types import User
from parting.core.models import Question

# The slots a question may use, with what fills them.
SLOTS: dict[str, str] = {
    "company": "the company of the person you are talking to",
    "niche": "the company's industry, else your niche",
    "name": "the first name of the person you are talking to",
    "skills": "your skills (profile)",
    "target_roles": "the roles you are after (profile)",
    "my_name": "your name (profile)",
}
SAMPLE_SLOTS = {"company": "Acme", "name": "Rita"}
_SLOT = re.compile(r"\{([^{}]*)\}")
MAX_TEXT = 1000


def check_text(text: str) -> str:
    """The question text, trimmed; refuses empty text and unknown slots, suggesting the nearest."""
    text = " ".join((text or "").split())
    if not text:
        raise Invalid("the question text is empty", field="text")
    if len(text) > MAX_TEXT:
        raise Invalid(f"the question is longer than {MAX_TEXT} characters", field="text")
    for name in _SLOT.findall(text):
        if name not in SLOTS:
            raise Invalid(unknown_slot_message(name), field="text")
    return text


def unknown_slot_message(name: str, known_slots: dict[str, str] = SLOTS) -> str:
    """`unknown slot {compnay}, did you mean {company}?`, else the list of known slots."""
    close = difflib.get_close_matches(name, list(known_slots), n=1, cutoff=0.6)
    hint = f", did you mean {{{close[0]}}}?" if close else ""
    known = ", ".join(f"{{{s}}}" for s in known_slots)
    return f"unknown slot {{{name}}}{hint}" if hint else f"unknown slot {{{name}}} (known: {known})"


def check_archetype(archetype: str) -> str:
    value = (archetype or "").strip()
    if value not in Archetype.values:
        allowed = ", ".join(Archetype.values)
        raise Invalid(f"unknown archetype {archetype!r} (one of {allowed})", field="archetype")
    return value


def get_question(user: User, ref: str | int) -> Question:
    """One of the seeker's live questions by id."""
    text = str(ref).strip().lstrip("#")
    if not is_number(text):
        raise Invalid(f"not a question id: {ref!r}")
    found = questions(user).filter(pk=parse_id(text) or 0).first()
    if found is None:
        raise NotFound(f"no question #{text}")
    return found


def add_question(user: User, text: str, archetype: str) -> Question:
    """A new question at the end of the bank."""
    text, archetype = check_text(text), check_archetype(archetype)
    with transaction.atomic():
        last = Question.all_objects.for_user(user).aggregate(m=Max("position"))["m"]
        return Question.objects.create(
            owner=user, text=text, archetype=archetype, position=(last or 0) + 1
        )


def edit_question(
    user: User, question: Question, text: str, archetype: str | None = None
) -> Question:
    """Rewrite a question in the seeker's own words (and optionally move it to an archetype)."""
    _mine(user, question)
    question.text = check_text(text)
    if archetype:
        question.archetype = check_archetype(archetype)
    question.save(update_fields=["text", "archetype", "updated_at"])
    return question


def move_question(user: User, question: Question, direction: str) -> Question:
    """Swap places with the neighbour above (`up`) or below (`down`)."""
    _mine(user, question)
    if direction not in ("up", "down"):
        raise Invalid("move a question up or down")
    with transaction.atomic():
        ordered = list(questions(user).select_for_update())
        for i, q in enumerate(ordered):  # normalise: positions are 0..n-1
            q.position = i
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for i, q in enumerate(ordered):
            q.position = i
        Question.objects.bulk_update(ordered, ["position"])
    question.position = next(q.position for q in ordered if q.pk == question.pk)
    return question


def delete_question(user: User, question: Question) -> Question:
    """Delete, keeping the row so it can be undone; it leaves the favourites too."""
    _mine(user, question)
    question.deleted_at = clock.now()
    question.favourite = False
    question.save(update_fields=["deleted_at", "favourite", "updated_at"])
    return question


def undo_delete(user: User, ref: str | int | None = None) -> Question:
    """Bring back a deleted question (by id, else the last one deleted). Not as a favourite."""
    deleted = Question.all_objects.for_user(user).filter(deleted_at__isnull=False)
    if ref is not None and str(ref).strip():
        text = str(ref).strip().lstrip("#")
        found = deleted.filter(pk=parse_id(text) or 0).first()
    else:
        found = deleted.order_by("-deleted_at", "-id").first()
    if found is None:
        raise NotFound("no deleted question to bring back")
    found.deleted_at = None
    found.save(update_fields=["deleted_at", "updated_at"])
    return found


def preview(user: User, text: str) -> str:
    """The question as it would sound on a call: profile slots filled, call slots as samples."""
    slots = {**SAMPLE_SLOTS, **slots_for(user)}
    return fill_slots(" ".join((text or "").split()), slots)


def _mine(user: User, question: Question) -> None:
    if question.owner_id != user.pk or question.deleted_at is not None:
        raise NotFound("no such question")


def swap_favourite(user: User, new: Question, old: Question) -> Question:
    """Make `new` a favourite in place of `old`, keeping R7's two at most."""
    _mine(user, new)
    _mine(user, old)
    if not old.favourite:
        raise Invalid(f"question #{old.pk} is not a favourite")
    with transaction.atomic():
        set_favourite(user, old, False)
        set_favourite(user, new, True)
    return new
