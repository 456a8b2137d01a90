"""Delete my account: confirmed by typing the email, every row that names the account goes
(models added later included: they are found through apps.get_models()), nobody else's does,
and the session ends. The web's door is here; `parting user delete` is in tests/cli."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from parting.core.choices import ActivityKind, Archetype
from parting.core.domain import (
    accounts,
    activity,
    coach_notes,
    invitations,
    merge,
    question_bank,
    script,
    sharing,
)
from parting.core.domain.errors import Invalid
from parting.core.models import CoachNote, Contact, Conversation
from parting.data.imports.service import run_import
from parting.demo.story import load_demo
from tests import factories as f

pytestmark = pytest.mark.django_db


def user_keys() -> list[tuple[Any, str]]:
    """(model, field) for every foreign key to the user model, in every installed app."""
    user_model = get_user_model()
    return [
        (model, field.attname)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    ]


def rows_naming(user_id: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for model, attname in user_keys():
        n = model._base_manager.filter(**{attname: user_id}).count()
        if n:
            found[f"{model._meta.label}.{attname}"] = n
    return found


@pytest.fixture
def seeker(db):
    """The demo account, with a row in the models the demo leaves empty."""
    email, _ = load_demo()
    user = get_user_model().objects.get(username=email)
    contact = Contact.objects.filter(owner=user).order_by("id").first()
    twin = f.contact(user, contact.name + " Twin", "Twin Co", email="twin@example.com")
    merge.merge(user, contact, twin)
    f.contact(user, "Jonathan Smithson", company="Globex")
    data = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    data += b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n"
    run_import(user, "linkedin", data, "c.csv")
    question_bank.add_question(user, "Who else?", Archetype.CUSTOM)
    script.get_script(user)
    activity.record(user, ActivityKind.SIGN_IN, "from 192.0.2.1")
    return user


@pytest.fixture
def bobs_rows(bob):
    f.rejection(bob, f.contact(bob, "Bob's Recruiter", "Bob Corp"))
    activity.record(bob, ActivityKind.SIGN_IN)
    return rows_naming(bob.pk)


def test_deleting_leaves_no_row_that_names_the_account(seeker, bobs_rows, bob, coach):
    # Shares both ways: the seeker shares with a coach, and coaches bob; a note, invitations.
    coach_note = coach_notes.leave_note(
        sharing.shared_view(coach, sharing.open_share(seeker, coach, "full", None).seeker_id),
        "Ask the sister-company question first.",
    )
    sharing.open_share(bob, seeker, "numbers", None)
    invitations.invite_coach(seeker, "someone@example.com")
    invitations.invite_account(bob, "newcomer@example.com")
    bobs_rows = rows_naming(bob.pk)
    before = rows_naming(seeker.pk)
    held = {label.split(".")[1] for label in before}
    assert {"Company", "Contact", "Opening", "Conversation", "Ask", "Lead", "FollowUp"} <= held
    assert {"Question", "Script", "ContactPoint", "Merge", "ImportRun", "ReviewPair"} <= held
    assert {"Activity", "Profile", "Share", "Invitation", "CoachNote"} <= held
    deleted = accounts.delete_account(seeker, seeker.email.upper() + " ")
    assert sum(deleted.values()) >= sum(before.values())
    assert rows_naming(seeker.pk) == {}
    assert not get_user_model().objects.filter(pk=seeker.pk).exists()
    assert not CoachNote.objects.filter(pk=coach_note.pk).exists()
    # Nobody else loses a row, but for the share bob gave the deleted account.
    bobs_rows.pop("core.Share.seeker_id")
    assert rows_naming(bob.pk) == bobs_rows


def test_a_wrong_confirmation_deletes_nothing(alice, bobs_rows):
    f.rejection(alice)
    before = rows_naming(alice.pk)
    with pytest.raises(Invalid, match="type the account's email"):
        accounts.delete_account(alice, "bob@example.com")
    assert rows_naming(alice.pk) == before


# -- the web: Settings → Account → Delete my account -------------------------------------


def test_the_web_asks_for_the_email_then_deletes_and_signs_out(client, alice, bob, bobs_rows):
    f.rejection(alice)
    client.force_login(alice)
    url = reverse("account_delete")
    page = client.get(url)
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content

    refused = client.post(url, {"email": "alice@example.org"})
    assert refused.status_code == 400
    assert b"Type the account&#x27;s email exactly" in refused.content
    assert Conversation.objects.filter(owner=alice).exists()

    done = client.post(url, {"email": "alice@example.com"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("login")
    assert b"everything in it were deleted" in done.content
    assert rows_naming(alice.pk) == {}
    assert rows_naming(bob.pk) == bobs_rows
    assert client.get(reverse("today")).status_code == 302  # signed out


def test_charlie_typing_alices_email_deletes_nothing(charlie_client, alice, charlie):
    f.rejection(alice)
    before = rows_naming(alice.pk)
    response = charlie_client.post(reverse("account_delete"), {"email": "alice@example.com"})
    assert response.status_code == 400
    assert rows_naming(alice.pk) == before
    assert get_user_model().objects.filter(pk=charlie.pk).exists()


def test_the_delete_form_needs_the_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("account_delete"), {"email": "alice@example.com"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_an_account_deleted_half_way_is_already_gone_for_everyone(
    client, alice, coach, monkeypatch
):
    """The rows go in batches after one short transaction ends the account: should the
    batches stop, nobody signs in as it, no coach reads it, and its email is free again."""
    from django.db import DatabaseError
    from django.db.models import QuerySet

    from parting.core.models import Share
    from tests.conftest import PASSWORD

    f.rejection(alice)
    sharing.open_share(alice, coach, "full", None)
    client.force_login(alice)
    real_delete = QuerySet.delete

    def failing(self):
        if self.model is Conversation:
            raise DatabaseError("disk full")
        return real_delete(self)

    monkeypatch.setattr(QuerySet, "delete", failing)
    with pytest.raises(DatabaseError):
        accounts.delete_account(alice, "alice@example.com")
    monkeypatch.undo()
    assert client.get(reverse("today")).status_code == 302  # the session ended
    signed_in = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 200 and client.get(reverse("today")).status_code == 302
    assert not Share.objects.filter(seeker_id=alice.pk).exists()
    assert alice.pk not in set(accounts.people().values_list("pk", flat=True))
    again = accounts.create_user("alice@example.com", PASSWORD)
    assert again.pk != alice.pk
