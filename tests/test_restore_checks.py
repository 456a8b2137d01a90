"""Restore checks every row with the forms' rules before it writes anything (issue 9, items 3, 11).

Each case is a backup of alice's account with one thing broken, restored over bob's account:
the answer names the model, row and field, and bob's account is exactly as it was.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parting.core.choices import Response
from parting.core.domain import accounts, calls, drill
from parting.core.domain.errors import Invalid
from parting.core.domain.script import get_script
from parting.core.models import Contact, DrillCard, ImportRun, Profile, Question, StagedUpload
from parting.data import backup
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(alice, bob):
    """alice's backup as plain JSON data: companies, a call with an ask and lead, drill cards."""
    convo = f.rejection(alice, f.contact(alice, "Rita Recruiter"))
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead")])
    drill.sync_cards(alice)
    get_script(alice)
    f.contact(bob, "Bob's own contact")
    return json.loads(backup.dumps(backup.backup(alice)))


def _bob_rows(bob) -> dict[str, int]:
    return {**backup.counts(bob), "profile": Profile.objects.filter(owner=bob).count()}


def _restore(bob, data: dict) -> None:
    backup.restore(bob, backup.loads(json.dumps(data).encode(), "b.json"), replace=True)


def _first(data: dict, label: str) -> dict:
    return data["models"][label][0]


def _set(label: str, field: str, value):
    def change(data: dict, bob) -> None:
        _first(data, label)[field] = value

    return change


def _replace_row(label: str, row):
    def change(data: dict, bob) -> None:
        data["models"][label][0] = row

    return change


def _drop(label: str, field: str):
    def change(data: dict, bob) -> None:
        del _first(data, label)[field]

    return change


def _bobs_contact(data: dict, bob) -> None:
    _first(data, "core.Lead")["referrer_id"] = Contact.objects.for_user(bob).get().pk


def _twice(label: str):
    def change(data: dict, bob) -> None:
        rows = data["models"][label]
        copy = dict(rows[0], id=max(r["id"] for r in rows) + 1)
        rows.append(copy)

    return change


def _profile(field: str, value):
    def change(data: dict, bob) -> None:
        data["profile"][field] = value

    return change


def _referrer_is_the_lead(data: dict, bob) -> None:
    lead = _first(data, "core.Lead")
    lead["referrer_id"] = lead["contact_id"]


def _lead_off_its_ask(data: dict, bob) -> None:
    _first(data, "core.Lead").update(ask_id=None, conversation_id=None)


CASES = {
    "R2: a lead whose referrer is not the call's contact": (
        _referrer_is_the_lead,
        "Lead row 1, field referrer_id: not the contact of the conversation it came from (R2)",
    ),
    "R2: a gave_lead answer with no lead": (
        _lead_off_its_ask,
        "Ask row 1, field response: answered gave_lead but has no lead (R2)",
    ),
    "a time that is not a time": (
        _set("core.Conversation", "at", "yesterday"),
        "Conversation row 1, field at: “yesterday” value has an invalid format",
    ),
    "a date that is a number": (
        _set("core.FollowUp", "due_on", 12345),
        "FollowUp row 1, field due_on: 12345 is not text",
    ),
    "a yes/no that is neither": (
        _profile("digest_enabled", "maybe"),
        "profile, field digest_enabled: 'maybe' is not true or false",
    ),
    "a row that is a list": (
        _replace_row("core.Contact", ["Rita"]),
        "Contact row 1: not a record",
    ),
    "a row that is empty": (_replace_row("core.Contact", {}), "Contact row 1, field id: missing"),
    "a lead without its referrer": (
        _drop("core.Lead", "referrer_id"),
        "Lead row 1, field referrer_id: missing",
    ),
    "a key to another account's row": (
        _bobs_contact,
        "Lead row 1, field referrer_id: no Contact with id",
    ),
    "a dangling key": (
        _set("core.Lead", "contact_id", 987654),
        "Lead row 1, field contact_id: no Contact with id 987654 in this backup",
    ),
    "a second drill card for one question": (
        _twice("core.DrillCard"),
        "DrillCard row 5, field question_id: the same as row 1",
    ),
    "an id beyond 64 bits": (
        _set("core.Contact", "id", 10**30),
        "Contact row 1, field id: 1e+30 is not an id",
    ),
    "a name of a megabyte": (
        _set("core.Contact", "name", "x" * 1_000_000),
        "Contact row 1, field name: Ensure this value has at most 200 characters",
    ),
    "a choice the forms do not offer": (
        _set("core.Contact", "role", "wizard"),
        "Contact row 1, field role: Value 'wizard' is not a valid choice.",
    ),
    "a check-back of a million days": (
        _profile("check_back_days", 10**6),
        "profile, field check_back_days: Between 1 and 365.",
    ),
    "a NUL in a name": (
        _set("core.Company", "name", "Ac\x00me"),
        "Company row 1, field name: contains a NUL character",
    ),
    "two companies of one name": (
        _twice("core.Company"),
        "Company row 3, field name: the same as row 1",
    ),
    "a second phone script": (_twice("core.Script"), "Script row 2: an account has only one"),
    "a field that is not the model's": (
        _set("core.Contact", "owner_id", 1),
        "Contact row 1, field owner_id: not a field of Contact",
    ),
    "a time zone that does not exist": (
        _profile("timezone", "Mars/Olympus"),
        "profile, field timezone: unknown time zone 'Mars/Olympus'",
    ),
    "a drill card's state nested a hundred deep": (
        _set("core.DrillCard", "card", json.loads("[" * 100 + "]" * 100)),
        "DrillCard row 1, field card: nested deeper than 20 levels",
    ),
    "a list where rows belong": (
        lambda data, bob: data["models"].update({"core.Contact": {"id": 1}}),
        "Contact: not a list of rows",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_it_refuses_a_bad_row_by_model_row_and_field_and_writes_nothing(source, bob, case):
    change, message = CASES[case]
    change(source, bob)
    before = _bob_rows(bob)
    with pytest.raises(Invalid) as refused:
        _restore(bob, source)
    assert message in refused.value.message
    assert "\n" not in refused.value.message
    assert _bob_rows(bob) == before
    assert Contact.objects.for_user(bob).get().name == "Bob's own contact"
    assert not accounts.staging_accounts().exists()


def test_it_restores_the_unbroken_backup(source, bob):
    """The cases above break a backup that restores: each refusal is the broken field."""
    _restore(bob, source)
    names = set(Contact.objects.for_user(bob).values_list("name", flat=True))
    assert names == {"Rita Recruiter", "Lena Lead"}
    assert DrillCard.objects.for_user(bob).count() == Question.objects.for_user(bob).count()


def test_it_refuses_json_nested_100k_deep_with_a_clear_message():
    deep = b'{"format": "parting-backup", "version": 1, "models": ' + b"[" * 100_000
    with pytest.raises(Invalid, match=r"^x\.json: nested too deeply; not a Parting backup$"):
        backup.loads(deep + b"]" * 100_000 + b"}", "x.json")


def test_the_web_refuses_deep_json_and_bad_rows_before_confirming(alice_client, alice, source):
    deep = SimpleUploadedFile("deep.json", b"[" * 100_000 + b"]" * 100_000)
    response = alice_client.post(reverse("data_restore"), {"file": deep})
    assert response.status_code == 400
    assert "Nothing restored: deep.json: nested too deeply" in response.content.decode()
    _set("core.Conversation", "at", "yesterday")(source, None)
    bad = SimpleUploadedFile("b.json", json.dumps(source).encode())
    response = alice_client.post(reverse("data_restore"), {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing restored: Conversation row 1, field at: “yesterday” value" in page
    assert not ImportRun.objects.for_user(alice).exists()


def test_the_web_apply_refuses_a_bad_row_and_keeps_the_account(client, alice, bob, source):
    """A file that changed between preview and confirm is checked again."""
    client.force_login(bob)
    good = SimpleUploadedFile("b.json", json.dumps(source).encode())
    client.post(reverse("data_restore"), {"file": good})
    run = ImportRun.objects.for_user(bob).get(kind="restore")
    _set("core.Contact", "name", "x" * 300)(source, bob)
    changed = json.dumps(source).encode()
    sha = hashlib.sha256(changed).hexdigest()
    StagedUpload.objects.filter(pk=run.upload_id).update(data=changed, sha256=sha)
    response = client.post(reverse("data_restore_apply", args=[run.token]), {"replace": "1"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert (
        "failed: Contact row 1, field name: "
        "Ensure this value has at most 200 characters (it has 300)."
    ) in page
    assert Contact.objects.for_user(bob).get().name == "Bob's own contact"


def test_a_database_rule_the_checks_miss_is_a_clear_refusal_too(source, bob, monkeypatch):
    """Belt and braces: the staged rows are dropped and the answer is one line, not a 500."""
    monkeypatch.setattr("parting.data.restore_check._unique", lambda model, rows: None)
    _twice("core.Company")(source, bob)
    before = _bob_rows(bob)
    with pytest.raises(Invalid, match=r"^Company rows break a database rule \("):
        _restore(bob, source)
    assert _bob_rows(bob) == before
    assert not accounts.staging_accounts().exists()


IMPORTED = [
    ("linkedin", "linkedin_current.csv"),
    ("linkedin", "linkedin_excel_dayfirst.csv"),
    ("linkedin", "linkedin_names_as_data.csv"),
    ("google", "google_current.csv"),
    ("google", "google_excel_cp1252.csv"),
    ("outlook", "outlook_cp1252.csv"),
    ("vcard", "vcard_4_0.vcf"),
    ("vcard", "android_2_1.vcf"),
    ("vcard", "iphone_3_0.vcf"),
]


@pytest.mark.parametrize(("kind", "name"), IMPORTED)
def test_whatever_an_import_stores_restores(alice, bob, kind, name):
    """The checks are the forms' rules; what the imports keep must pass them."""
    from parting.data.imports.service import run_import
    from tests.imports.helpers import fixture

    run_import(alice, kind, fixture(name), name, skip_bad=True)
    _restore(bob, json.loads(backup.dumps(backup.backup(alice))))
    assert Contact.objects.for_user(bob).count() == Contact.objects.for_user(alice).count() > 0
