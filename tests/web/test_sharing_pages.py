"""Settings → Sharing, the invitation link, and the coach's notes on Today: the web door."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from parting.core.domain import coach_notes, invitations, sharing
from parting.core.models import CoachNote, Invitation, Share
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def _rows():
    return Share.objects.count(), Invitation.objects.count(), get_user_model().objects.count()


def _invite_path(text: str) -> str:
    match = re.search(r"/invite/[A-Za-z0-9_-]+/", text)
    assert match, text
    return match.group(0)


def test_inviting_a_coach_mails_the_link(alice_client, alice, frozen, mailoutbox):
    response = alice_client.post(
        reverse("settings_sharing"), {"email": "coach@example.com", "scope": "full"}
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["coach@example.com"]
    assert _invite_path(message.body)
    page = alice_client.get(reverse("settings_sharing")).content.decode()
    assert "coach@example.com" in page and "Invited: everything, read-only" in page


def test_without_mail_the_link_is_shown_to_copy(alice_client, alice, frozen, settings, mailoutbox):
    settings.EMAIL_BACKEND = CONSOLE
    response = alice_client.post(
        reverse("settings_sharing"), {"email": "coach@example.com", "scope": "numbers"}
    )
    assert response.status_code == 200 and not mailoutbox
    page = response.content.decode()
    assert "Send this link to your coach" in page
    assert _invite_path(page)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "not-an-email", "scope": "numbers"}, "Not an email address"),
        ({"email": "alice@example.com", "scope": "numbers"}, "You cannot share with yourself."),
        ({"email": "coach@example.com", "scope": "full"}, "You already share numbers"),
        ({"email": "coach@example.com", "scope": "all"}, "Select a valid choice"),
        ({"email": "x@example.com", "scope": "full", "until": "2026-03-01"}, "already passed"),
    ],
)
def test_bad_invitations_say_one_thing_and_change_nothing(
    alice_client, alice, coach, shared, frozen, data, message
):
    before = _rows()
    response = alice_client.post(reverse("settings_sharing"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _rows() == before


def test_revoking_asks_first_then_ends_access(alice_client, alice, coach, shared, frozen):
    url = reverse("share_revoke", args=[shared["alice"].pk])
    confirm = alice_client.get(url)
    assert "Stop sharing with Cora Coach?" in confirm.content.decode()
    assert sharing.shared_view(coach, alice.pk)
    assert alice_client.post(url).status_code == 302
    with pytest.raises(Exception, match="shares with you"):
        sharing.shared_view(coach, alice.pk)
    assert alice_client.post(url).status_code == 404  # nothing left to revoke


def test_revoking_another_seekers_share_is_404(alice_client, shared):
    url = reverse("share_revoke", args=[shared["bob"].pk])
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url).status_code == 404
    assert Share.objects.filter(revoked_at__isnull=True).count() == 2


def test_a_waiting_invitation_can_be_cancelled(alice_client, alice, frozen):
    issued = invitations.invite_coach(alice, "later@example.com")
    alice_client.post(reverse("invitation_cancel", args=[issued.invitation.pk]))
    assert not Invitation.objects.exists()


# -- the link -----------------------------------------------------------------------------


def test_the_coach_accepts_signed_in(alice, coach, frozen):
    issued = invitations.invite_coach(alice, "coach@example.com", "full")
    url = reverse("invite", args=[issued.token])
    client = Client()
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(coach)
    assert "Alice Archer shares their search with you" in client.get(url).content.decode()
    assert client.post(url)["Location"] == reverse("caseload")
    assert sharing.shared_view(coach, alice.pk).names
    assert client.get(url).status_code == 404  # used
    page = client.get(reverse("caseload")).content.decode()
    assert "Alice Archer" in page and ">Caseload<" in page


def test_the_link_makes_the_coachs_account(alice, frozen):
    issued = invitations.invite_coach(alice, "new.coach@example.com")
    client = Client()
    url = reverse("invite", args=[issued.token])
    form = client.get(url).content.decode()
    assert "new.coach@example.com" in form and "csrfmiddlewaretoken" in form
    data = {"name": "Nia", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post(url, data)
    assert response["Location"] == reverse("caseload")
    coach = get_user_model().objects.get(username="new.coach@example.com")
    assert not sharing.shared_view(coach, alice.pk).names
    assert client.post(url, data).status_code == 404


@pytest.mark.parametrize("how", ["expired", "made up", "someone else"])
def test_a_bad_link_is_404_and_changes_nothing(alice, coach, charlie, frozen, how):
    issued = invitations.invite_coach(alice, "coach@example.com")
    client = Client()
    client.force_login(charlie if how == "someone else" else coach)
    token = "x" * 43 if how == "made up" else issued.token
    if how == "expired":
        frozen.shift(dt.timedelta(days=8))
    before = _rows()
    for method in (client.get, client.post):
        response = method(reverse("invite", args=[token]))
        assert response.status_code == 404
        assert "Alice" not in response.content.decode()
    assert _rows() == before


def test_an_invited_seeker_chooses_to_share(coach, frozen):
    issued = invitations.invite_account(coach, "sam@example.com")
    client = Client()
    data = {"password": PASSWORD, "password_again": PASSWORD}
    response = client.post(reverse("invite", args=[issued.token]), data)
    assert response["Location"] == reverse("settings_sharing")
    page = client.get(response["Location"]).content.decode()
    assert "coach@example.com invited you to Parting" in page
    offer = Invitation.objects.get()
    client.post(reverse("share_offer", args=[offer.pk]), {"scope": "numbers"})
    sam = get_user_model().objects.get(username="sam@example.com")
    assert sharing.shared_view(coach, sam.pk).scope == "numbers"
    assert "invited you to Parting" not in client.get(reverse("settings_sharing")).content.decode()


# -- notes on Today -----------------------------------------------------------------------


def test_the_seeker_sees_and_dismisses_coach_notes(alice_client, alice, coach, shared, frozen):
    note = coach_notes.leave_note(sharing.shared_view(coach, alice.pk), "Try the niche question")
    today = alice_client.get(reverse("today")).content.decode()
    assert "From your coach" in today and "Try the niche question" in today
    alice_client.post(reverse("coach_note_dismiss", args=[note.pk]))
    assert "Try the niche question" not in alice_client.get(reverse("today")).content.decode()
    assert CoachNote.objects.get().dismissed_at is not None


def test_a_coach_leaves_a_note_from_the_seekers_page(coach_client, alice, shared, frozen):
    url = reverse("coach_note_add", args=[alice.pk])
    assert coach_client.post(url, {"text": "   "}).status_code == 400
    response = coach_client.post(url, {"text": "Ask the sister-company question"})
    assert response["Location"] == reverse("coach_seeker", args=[alice.pk])
    assert [n.text for n in coach_notes.notes_for(alice)] == ["Ask the sister-company question"]


def test_a_mail_server_that_refuses_is_one_error_and_no_invitation(alice_client, settings, frozen):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = alice_client.post(
        reverse("settings_sharing"), {"email": "coach@example.com", "scope": "numbers"}
    )
    assert response.status_code == 400
    assert "cannot send mail via 127.0.0.1:9" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_cohort_page_puts_each_rate_beside_its_sample(coach_client, alice, shared, frozen):
    from parting.core.choices import Response
    from parting.core.domain import calls
    from tests import factories as f

    for name in ("Rita", "Sam", "Tom"):
        convo = f.rejection(alice, f.contact(alice, name))
        if name != "Tom":
            calls.record_ask(alice, convo, None, Response.DECLINED)
    page = coach_client.get(reverse("caseload_cohort")).content.decode()
    assert "of all 2 seekers" in page
    assert '67 % <span class="small muted">of 3</span>' in page
    assert "0.00 per ask" in page
