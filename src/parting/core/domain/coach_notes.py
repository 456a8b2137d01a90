"""Coach notes: a suggestion or a question to try, left on a shared seeker. The only thing a
coach writes; the seeker sees it on Today and dismisses it."""

from __future__ import annotations

from django.db.models import QuerySet

from parting.core.domain import clock
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.sharing import SharedView
from parting.core.domain.types import User
from parting.core.models import CoachNote

MAX_NOTE = 2000


def leave_note(view: SharedView, text: str) -> CoachNote:
    """A note from the coach of `view` (a live share) to its seeker."""
    body = (text or "").strip()
    if not body:
        raise Invalid("write the note first", field="text")
    if len(body) > MAX_NOTE:
        raise Invalid(f"a note holds at most {MAX_NOTE} characters", field="text")
    return CoachNote.objects.create(seeker=view.seeker, coach_id=view.share.coach_id, text=body)


def notes_written(view: SharedView) -> QuerySet[CoachNote]:
    """The notes the coach of `view` left for its seeker, newest first."""
    notes = CoachNote.objects.filter(coach_id=view.share.coach_id, seeker=view.seeker)
    return notes.order_by("-created_at", "-id")


def notes_for(seeker: User) -> QuerySet[CoachNote]:
    """Notes for the seeker not dismissed yet, newest first, with who left them."""
    return (
        CoachNote.objects.filter(seeker=seeker, dismissed_at__isnull=True)
        .select_related("coach", "coach__parting_profile")
        .order_by("-created_at", "-id")
    )


def dismiss_note(seeker: User, note_id: object) -> CoachNote:
    note = notes_for(seeker).filter(pk=parse_id(note_id) or 0).first()
    if note is None:
        raise NotFound(f"no note #{note_id}")
    note.dismissed_at = clock.now()
    note.save(update_fields=["dismissed_at"])
    return note
