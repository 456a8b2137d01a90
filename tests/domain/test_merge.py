"""A merge keeps everything and can be undone, leaving every related row where it was."""

from __future__ import annotations

import pytest

from parting.core.choices import Response
from parting.core.domain import calls, merge, questions
from parting.core.domain.errors import Conflict, NotFound
from parting.core.models import Ask, Contact, ContactPoint, Conversation, FollowUp, Lead, Merge
from tests import factories as f

pytestmark = pytest.mark.django_db


def _related(contact_id: int) -> dict[str, set[int]]:
    def ids(rows) -> set[int]:
        return set(rows.values_list("pk", flat=True))

    return {
        "conversations": ids(Conversation.objects.filter(contact_id=contact_id)),
        "leads_given": ids(Lead.objects.filter(referrer_id=contact_id)),
        "leads_as_referred": ids(Lead.objects.filter(contact_id=contact_id)),
        "followups": ids(FollowUp.objects.filter(contact_id=contact_id)),
        "points": ids(ContactPoint.objects.filter(contact_id=contact_id)),
    }


@pytest.fixture
def pair(alice, frozen):
    kept = f.contact(alice, "Rita Recruiter", company="Acme", email="rita@acme.example")
    other = f.contact(
        alice, "Rita R.", company="", phone="+1 415 555 2671", email="rita@home.example"
    )
    other.notes = "Prefers mornings."
    other.linkedin_url = "https://www.linkedin.com/in/rita"
    other.save()
    ContactPoint.objects.create(owner=alice, contact=other, kind="email", value="r@old.example")
    convo = f.rejection(alice, other)
    calls.record_ask(
        alice,
        convo,
        questions.resolve_question(alice, "same_company"),
        Response.GAVE_LEAD,
        [f.lead("Lena Lead")],
    )
    referrer = f.contact(alice, "Ron Referrer", company="Initech")
    calls.record_ask(
        alice,
        f.rejection(alice, referrer),
        None,
        Response.GAVE_LEAD,
        [f.lead("Rita R.", company="")],
    )
    return kept, Contact.objects.get(pk=other.pk)


def test_merge_keeps_every_related_row_and_every_way_to_reach(alice, pair):
    kept, other = pair
    before_kept, before_other = _related(kept.pk), _related(other.pk)
    assert before_other["conversations"] and before_other["leads_given"]
    assert before_other["leads_as_referred"] and before_other["followups"]
    asks = Ask.objects.count()

    record = merge.merge(alice, kept, other)

    assert not Contact.objects.filter(pk=other.pk).exists()
    after = _related(kept.pk)
    for key in ("conversations", "leads_given", "leads_as_referred", "followups"):
        assert after[key] == before_kept[key] | before_other[key]
    assert Ask.objects.count() == asks
    kept.refresh_from_db()
    assert kept.email == "rita@acme.example"  # the kept contact's own value stays
    assert kept.phone == "+14155552671"  # a gap filled from the merged one
    assert kept.notes == "Prefers mornings."
    values = set(kept.points.values_list("value", flat=True))
    assert {"r@old.example", "rita@home.example"} <= values
    assert record.merged_name == "Rita R."


def test_undo_puts_everything_back(alice, pair):
    kept, other = pair
    other_id = other.pk  # deleting the merged contact clears other.pk
    before_kept, before_other = _related(kept.pk), _related(other_id)
    kept_fields = Contact.objects.filter(pk=kept.pk).values().get()
    other_fields = Contact.objects.filter(pk=other_id).values().get()

    restored = merge.undo(alice, merge.merge(alice, kept, other))

    assert restored.pk == other_id
    assert _related(kept.pk) == before_kept
    assert _related(other_id) == before_other
    assert Contact.objects.filter(pk=kept.pk).values().get() | {"updated_at": None} == (
        kept_fields | {"updated_at": None}
    )
    assert Contact.objects.filter(pk=other_id).values().get() == other_fields
    assert Merge.objects.get().undone_at is not None


def test_undo_twice_is_refused(alice, pair):
    record = merge.merge(alice, *pair)
    merge.undo(alice, record)
    with pytest.raises(Conflict, match="already undone"):
        merge.undo(alice, record)


def test_r9_charlie_cannot_merge_or_undo_alices_contacts(alice, charlie, pair):
    with pytest.raises(NotFound):
        merge.merge(charlie, *pair)
    record = merge.merge(alice, *pair)
    with pytest.raises(NotFound):
        merge.undo(charlie, record)
