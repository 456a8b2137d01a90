"""R9 shares: a seeker invites a coach, the coach accepts, reads through `shared_view` only,
and loses every read the moment the seeker revokes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from parting.core.domain import coach_notes, invitations, sharing
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.models import CoachNote, Invitation, Share

pytestmark = pytest.mark.django_db


def _rows():
    return Share.objects.count(), Invitation.objects.count(), get_user_model().objects.count()


# -- inviting and accepting -------------------------------------------------------------


def test_r9_an_accepted_invitation_opens_a_share_of_its_scope(alice, coach, frozen):
    issued = invitations.invite_coach(alice, "Coach@Example.com", "full", dt.date(2026, 6, 30))
    assert Invitation.objects.get().token_hash == invitations.digest(issued.token)
    assert issued.token not in str(list(Invitation.objects.values()))  # only the hash is kept
    share = invitations.accept(coach, issued.token)
    assert (share.seeker, share.coach, share.scope) == (alice, coach, "full")
    assert share.until == dt.date(2026, 6, 30)
    view = sharing.shared_view(coach, alice.pk)
    assert view.names and view.seeker == alice


def test_r9_an_invitation_makes_the_coachs_account_when_there_is_none(alice, frozen):
    issued = invitations.invite_coach(alice, "newcoach@example.com")
    user, share = invitations.join(issued.token, "a long enough passphrase", name="Nia")
    assert user.username == "newcoach@example.com" and share is not None
    assert share.scope == "numbers"
    assert not sharing.shared_view(user, alice.pk).names


@pytest.mark.parametrize(
    "email, message",
    [
        ("not-an-email", "not an email address"),
        ("alice@example.com", "you cannot share with yourself"),
        (" ALICE@example.com ", "you cannot share with yourself"),
    ],
)
def test_bad_invitations_are_refused_and_change_nothing(alice, frozen, email, message):
    before = _rows()
    with pytest.raises(Invalid, match=message):
        invitations.invite_coach(alice, email)
    assert _rows() == before


def test_a_share_that_exists_is_refused(alice, coach, shared, frozen):
    before = _rows()
    with pytest.raises(Conflict, match=r"you already share numbers with coach@example\.com"):
        invitations.invite_coach(alice, "coach@example.com", "full")
    assert _rows() == before


def test_a_scope_or_end_date_that_cannot_be_is_refused(alice, frozen):
    with pytest.raises(Invalid, match="scope must be numbers or full"):
        invitations.invite_coach(alice, "coach@example.com", "everything")
    with pytest.raises(Invalid, match="has already passed"):
        invitations.invite_coach(alice, "coach@example.com", until=dt.date(2026, 3, 3))
    assert not Invitation.objects.exists()


def test_a_link_works_once(alice, coach, frozen):
    issued = invitations.invite_coach(alice, "coach@example.com")
    invitations.accept(coach, issued.token)
    before = _rows()
    with pytest.raises(Invalid, match="expired or was already used"):
        invitations.accept(coach, issued.token)
    with pytest.raises(Invalid, match="expired or was already used"):
        invitations.join(issued.token, "a long enough passphrase")
    assert _rows() == before


def test_a_link_expires_after_seven_days(alice, coach, frozen):
    issued = invitations.invite_coach(alice, "coach@example.com")
    frozen.shift(dt.timedelta(days=7, seconds=1))
    with pytest.raises(Invalid, match="expired"):
        invitations.accept(coach, issued.token)
    assert not Share.objects.exists()


def test_a_link_for_someone_else_is_refused_without_saying_whose(alice, coach, charlie, frozen):
    issued = invitations.invite_coach(alice, "coach@example.com")
    with pytest.raises(Invalid) as caught:
        invitations.accept(charlie, issued.token)
    assert "alice" not in caught.value.message.lower()
    assert not Share.objects.exists()
    invitations.accept(coach, issued.token)  # still good for the coach


def test_a_new_link_replaces_the_one_waiting(alice, coach, frozen):
    first = invitations.invite_coach(alice, "coach@example.com")
    second = invitations.invite_coach(alice, "coach@example.com", "full")
    with pytest.raises(Invalid):
        invitations.accept(coach, first.token)
    assert invitations.accept(coach, second.token).scope == "full"


# -- the one way in ---------------------------------------------------------------------


def test_r9_shared_view_is_the_coachs_only_and_follows_the_scope(alice, bob, coach, shared):
    assert not sharing.shared_view(coach, alice.pk).names
    assert sharing.shared_view(coach, bob.pk).names
    assert [v.seeker for v in sharing.shared_views(coach)] == [alice, bob]
    with pytest.raises(NotFound):
        sharing.shared_view(coach, alice.pk).require_full()
    assert sharing.shared_view(coach, bob.pk).require_full() == bob


@pytest.mark.parametrize("seeker_id", ["alice", "coach", "0", "abc", "99999999", ""])
def test_r9_no_share_no_view(alice, bob, charlie, coach, shared, seeker_id):
    ids = {"alice": alice.pk, "coach": coach.pk}
    with pytest.raises(NotFound):
        sharing.shared_view(charlie, ids.get(seeker_id, seeker_id))
    if seeker_id in ("alice", "coach"):
        with pytest.raises(NotFound):  # nor does a seeker read their coach back
            sharing.shared_view(alice, coach.pk)
    assert sharing.shared_views(charlie) == []


def test_r9_revoking_ends_reads_at_once(alice, bob, coach, shared, frozen):
    assert sharing.revoke(alice, "Coach@example.com") == (1, 0)
    with pytest.raises(NotFound):
        sharing.shared_view(coach, alice.pk)
    assert [v.seeker for v in sharing.shared_views(coach)] == [bob]
    assert [name for name, _ in sharing.ended_for_coach(coach)] == ["Alice Archer"]


def test_r9_a_share_ends_after_its_last_day_in_the_seekers_zone(alice, coach, frozen):
    sharing.open_share(alice, coach, "numbers", dt.date(2026, 3, 4))
    assert sharing.shared_view(coach, alice.pk)
    frozen.move_to(dt.datetime(2026, 3, 5, 0, 30, tzinfo=dt.UTC))
    with pytest.raises(NotFound):
        sharing.shared_view(coach, alice.pk)
    # Shared again after it ended: the old one is closed, a new one opens.
    assert sharing.open_share(alice, coach, "full", None).scope == "full"
    assert Share.objects.filter(revoked_at__isnull=True).count() == 1


def test_revoking_what_does_not_exist_is_not_found_and_changes_nothing(alice, coach, shared):
    before = list(Share.objects.values_list("id", "revoked_at"))
    for email in ("charlie@example.com", "nobody@example.com", "not an email"):
        with pytest.raises(NotFound, match="you share nothing with"):
            sharing.revoke(alice, email)
    with pytest.raises(NotFound):
        sharing.revoke_share(alice, shared["bob"].pk)  # bob's share, not alice's
    assert list(Share.objects.values_list("id", "revoked_at")) == before


def test_revoking_drops_an_invitation_still_waiting(alice, frozen):
    invitations.invite_coach(alice, "later@example.com")
    assert sharing.revoke(alice, "later@example.com") == (0, 1)
    assert sharing.sharing_of(alice).pending == []


def test_the_seeker_sees_who_sees_what(alice, coach, shared, frozen):
    invitations.invite_coach(alice, "second@example.com", "full")
    mine = sharing.sharing_of(alice)
    assert [(s.coach, s.scope) for s in mine.live] == [(coach, "numbers")]
    assert [(i.email, i.scope) for i in mine.pending] == [("second@example.com", "full")]


# -- account invitations ----------------------------------------------------------------


def test_inviting_a_list_is_all_or_nothing(coach, alice, frozen):
    with pytest.raises(Invalid, match="line 3: not an email address"):
        invitations.invite_accounts(coach, [(2, "a@example.com"), (3, "nope")])
    assert not Invitation.objects.exists()
    issued, skipped = invitations.invite_accounts(
        coach, [(2, "a@example.com"), (3, "A@example.com"), (4, "alice@example.com")]
    )
    assert [i.invitation.email for i in issued] == ["a@example.com"]
    assert skipped == ["alice@example.com"]


def test_an_invited_seeker_chooses_whether_to_share(coach, frozen):
    issued = invitations.invite_account(coach, "new@example.com")
    seeker, share = invitations.join(issued.token, "a long enough passphrase")
    assert share is None
    offer = invitations.offers(seeker).get()
    with pytest.raises(NotFound):
        invitations.answer_offer(coach, offer.pk, "numbers")  # only the invited answers
    invitations.answer_offer(seeker, offer.pk, "numbers")
    assert sharing.shared_view(coach, seeker.pk).scope == "numbers"
    assert not invitations.offers(seeker).exists()


def test_an_account_invitation_for_an_existing_account_is_refused(coach, alice):
    with pytest.raises(Conflict, match="already exists"):
        invitations.invite_account(coach, "alice@example.com")


# -- notes: the only thing a coach writes -----------------------------------------------


def test_r9_a_coach_leaves_notes_the_seeker_dismisses(alice, coach, charlie, shared, frozen):
    view = sharing.shared_view(coach, alice.pk)
    note = coach_notes.leave_note(view, "  Try the sister-company question.  ")
    assert [n.text for n in coach_notes.notes_for(alice)] == ["Try the sister-company question."]
    assert list(coach_notes.notes_written(view)) == [note]
    with pytest.raises(NotFound):
        coach_notes.dismiss_note(charlie, note.pk)
    coach_notes.dismiss_note(alice, note.pk)
    assert not coach_notes.notes_for(alice).exists()
    with pytest.raises(Invalid):
        coach_notes.leave_note(view, "   ")
    assert CoachNote.objects.count() == 1


def test_invitation_mail_goes_through_djangos_mail(alice, frozen, mailoutbox):
    issued = invitations.invite_coach(alice, "coach@example.com")
    assert invitations.send(issued, f"https://parting.example/invite/{issued.token}/")
    (message,) = mailoutbox
    assert message.to == ["coach@example.com"]
    assert issued.token in message.body and "Alice Archer" in message.subject
