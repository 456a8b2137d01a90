"""Backup and restore: versioned, lossless, into an empty account; replace needs consent."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parting.core.choices import Outcome, Response
from parting.core.domain import calls, merge, network
from parting.core.domain.accounts import create_user
from parting.core.domain.errors import Conflict, Invalid
from parting.core.models import Company, Contact, ContactPoint, Lead
from parting.data import backup
from parting.data.imports.service import run_import
from tests import factories as f
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db
emails = (f"seeker{i}@example.com" for i in itertools.count())

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
people = st.lists(
    st.tuples(names, st.sampled_from(["", "Acme", "Globex", "Société Générale"]), st.booleans()),
    min_size=0,
    max_size=5,
)


def build_account(user, spec) -> None:
    """Companies (one with a parent), contacts, calls, asks, leads, follow-ups, points."""
    parent = network.create_company(user, "Umbrella Holdings")
    contacts = []
    for i, (name, company, rejected) in enumerate(spec):
        contact = network.create_contact(user, f"{name} {i}", company=company, notes=name)
        ContactPoint.objects.create(
            owner=user, contact=contact, kind="email", value=f"p{i}@x.example"
        )
        contacts.append(contact)
        convo = calls.log_conversation(
            user, contact, Outcome.REJECTED if rejected else Outcome.ADVANCED
        )
        if rejected:
            calls.record_ask(user, convo, None, Response.GAVE_LEAD, [f.lead(f"Lead {i}")])
    Company.objects.for_user(user).exclude(pk=parent.pk).update(parent=parent)


def round_trip(source) -> tuple[dict, dict]:
    first = backup.backup(source)
    target = create_user(next(emails), None)
    backup.restore(target, backup.loads(backup.dumps(first)))
    return first, backup.backup(target)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=people)
def test_backup_restore_backup_is_the_same_content(frozen, spec):
    source = create_user(next(emails), None, name="Sam Seeker")
    build_account(source, spec)
    first, second = round_trip(source)
    assert backup.content(first) == backup.content(second)
    leads = sum(1 for _, _, rejected in spec if rejected)  # each lead is a contact too
    assert len(first["models"]["core.Contact"]) == len(spec) + leads


def test_restore_keeps_timestamps_and_remaps_ids(alice, frozen):
    build_account(alice, [("Rita", "Acme", True), ("Bo", "", False)])
    first, second = round_trip(alice)
    assert [r["created_at"] for r in first["models"]["core.Lead"]] == [
        r["created_at"] for r in second["models"]["core.Lead"]
    ]
    assert first["models"]["core.Contact"][0]["id"] != second["models"]["core.Contact"][0]["id"]
    assert second["version"] == backup.VERSION


def test_imported_points_merges_and_review_pairs_survive(alice, frozen):
    run_import(alice, "google", fixture("google_current.csv"), "g.csv")
    a, b = Contact.objects.for_user(alice)[:2]
    merge.merge(alice, a, b)
    first, second = round_trip(alice)
    assert backup.content(first) == backup.content(second)
    assert (
        len(second["models"]["core.ContactPoint"]) == ContactPoint.objects.for_user(alice).count()
    )


def test_a_non_empty_account_is_refused_unless_replaced(alice, bob, frozen):
    f.contact(alice, "Rita")
    f.contact(bob, "Bob's own contact")
    data = backup.backup(alice)
    with pytest.raises(Conflict, match="not empty") as refused:
        backup.restore(bob, data)
    # The domain names no flag; each door writes its own hint from the code.
    assert "--" not in refused.value.message and refused.value.code == "account_not_empty"
    assert Contact.objects.for_user(bob).count() == 1
    backup.restore(bob, data, replace=True)
    assert list(Contact.objects.for_user(bob).values_list("name", flat=True)) == ["Rita"]
    assert Contact.objects.for_user(alice).count() == 1  # R9: alice untouched


def test_not_a_backup_is_refused():
    with pytest.raises(Invalid, match=r"x\.json, line 1: not a Parting backup"):
        backup.loads(b"{nope", "x.json")
    with pytest.raises(Invalid, match="not a Parting backup"):
        backup.loads(b'{"format": "other"}', "x.json")
    with pytest.raises(Invalid, match="version 99"):
        backup.loads(b'{"format": "parting-backup", "version": 99}', "x.json")


def test_rolling_backup_keeps_seven_and_skips_unchanged(alice, tmp_path, frozen):
    import datetime as dt

    f.contact(alice, "Rita")
    first = backup.rolling_backup(alice, tmp_path, dt.date(2026, 3, 1))
    assert first is not None and first.exists()
    assert backup.rolling_backup(alice, tmp_path, dt.date(2026, 3, 2)) is None  # unchanged
    for day in range(2, 12):
        f.contact(alice, f"Contact {day}")
        backup.rolling_backup(alice, tmp_path, dt.date(2026, 3, day))
    files = sorted((tmp_path / "backups" / str(alice.pk)).glob("parting-backup-*.json"))
    assert len(files) == 7
    assert files[-1].name == "parting-backup-2026-03-11.json"


def test_leads_keep_their_referrer_after_restore(alice, frozen):
    build_account(alice, [("Rita", "Acme", True)])
    target = create_user("restored@example.com", None)
    backup.restore(target, backup.backup(alice))
    lead = Lead.objects.for_user(target).select_related("referrer", "contact").get()
    assert lead.referrer.owner_id == target.pk and lead.referrer.name == "Rita 0"
    assert lead.contact.owner_id == target.pk
