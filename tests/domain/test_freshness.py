"""An account's data stamp changes with every write the insights read, however it is made, and
a remembered result is served only while the stamp it was computed under still holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

import parting
from parting.core.choices import Outcome, Response
from parting.core.domain import calls, freshness, merge
from parting.core.models import Company, Contact, Conversation, FollowUp, Lead
from parting.data import backup
from parting.data.imports.service import run_import
from tests import factories as f
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def changes(owner, write) -> bool:
    before = freshness.stamp(owner.pk)
    write()
    return freshness.stamp(owner.pk) != before


def test_it_changes_when_a_row_is_created_saved_or_deleted(alice, rita):
    assert freshness.stamp(alice.pk)
    assert changes(alice, lambda: f.rejection(alice, rita))
    rita.title = "Head of talent"
    assert changes(alice, rita.save)
    assert changes(alice, lambda: Conversation.objects.for_user(alice).first().delete())


def test_it_changes_with_writes_in_bulk(alice, rita):
    contacts = Contact.objects.for_user(alice)
    assert changes(alice, lambda: contacts.update(title="Recruiter"))
    rita.title = "Lead recruiter"
    assert changes(alice, lambda: Contact.objects.bulk_update([rita], ["title"]))
    made = [Company(owner=alice, name="Initech"), Company(owner=alice, name="Hooli")]
    assert changes(alice, lambda: Company.objects.bulk_create(made))
    assert changes(alice, lambda: Company.objects.for_user(alice).filter(name="Hooli").delete())


def test_a_cascade_or_a_lead_update_changes_it(alice, rita):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead", "Globex")])
    lead = Lead.objects.for_user(alice).get()
    assert changes(alice, lambda: Lead.objects.filter(pk=lead.pk).update(status="contacted"))
    assert changes(alice, rita.delete)
    assert not Lead.objects.for_user(alice).exists()


def test_other_accounts_and_other_rows_leave_it_alone(alice, bob, rita):
    assert not changes(alice, lambda: f.contact(bob, "Bob's friend"))
    assert not changes(alice, lambda: FollowUp.objects.for_user(alice).update(note="x"))
    assert not changes(alice, lambda: Contact.objects.for_user(alice).filter(pk=0).delete())


def test_a_write_rolled_back_leaves_it_as_it_was(alice, rita):
    before = freshness.stamp(alice.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        f.rejection(alice, rita)
        raise RuntimeError
    assert freshness.stamp(alice.pk) == before


def test_held_changes_it_once_at_the_end(alice, rita):
    before = freshness.stamp(alice.pk)
    with freshness.held():
        rita.title = "a"
        rita.save()
        Contact.objects.for_user(alice).update(title="b")
        assert freshness.stamp(alice.pk) == before
    assert freshness.stamp(alice.pk) != before


def test_a_merge_and_its_undo_change_it(alice, rita):
    other = f.contact(alice, "Rita R.", "")
    f.rejection(alice, other)
    records = []
    assert changes(alice, lambda: records.append(merge.merge(alice, rita, other)))
    assert changes(alice, lambda: merge.undo(alice, records[0]))


def test_an_import_changes_it_in_its_own_transaction(alice, rita):
    assert changes(alice, lambda: run_import(alice, "google", fixture("google_current.csv"), "g"))


def test_a_restore_changes_it(alice, bob, rita):
    f.contact(bob, "Bob's own contact")
    assert changes(bob, lambda: backup.restore(bob, backup.backup(alice), replace=True))


def test_remembered_serves_the_result_until_the_data_changes(alice, rita):
    computed = []

    def count():
        computed.append(1)
        return Conversation.objects.for_user(alice).count()

    assert freshness.remembered(alice.pk, "count", (), count) == 0
    assert freshness.remembered(alice.pk, "count", (), count) == 0
    assert len(computed) == 1
    assert freshness.remembered(alice.pk, "count", ("other",), count) == 0
    assert len(computed) == 2
    calls.log_conversation(alice, rita, Outcome.REJECTED)
    assert freshness.remembered(alice.pk, "count", (), count) == 1
    assert len(computed) == 3


def test_each_account_has_its_own_results(alice, bob, rita):
    assert freshness.remembered(alice.pk, "who", (), lambda: "alice") == "alice"
    assert freshness.remembered(bob.pk, "who", (), lambda: "bob") == "bob"


# Writers the models cannot see: raw SQL and the plain base manager. Each module that has one
# restamps itself, or says here why it need not.
UNSEEN_WRITE = re.compile(
    r"_base_manager\b[^\n]*\.(update|delete|_insert)\(|\.execute(many)?\(|\.raw\("
)
NEED_NOT = {
    "core/domain/accounts.py": "deletes the whole account, its stamp with it",
    "data/jobs.py": "writes job progress only",
    "data/imports/inserts.py": "raw inserts for imports and restores, which restamp",
    "queue/status.py": "the health check's SELECT 1",
}


def test_every_unseen_writer_restamps_or_says_why_not():
    root = Path(parting.__file__).parent
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        text = path.read_text()
        if "migrations/" in name or not UNSEEN_WRITE.search(text):
            continue
        assert "freshness.changed(" in text or name in NEED_NOT, (
            f"{name} writes past the models: call freshness.changed() there"
        )
