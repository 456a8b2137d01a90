"""The lead and opening boards: cards by column, search and sort, and moves that go through the
domain (R6, R8), refuse a stale board, and never touch another account's rows (R9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import FollowUpKind, LeadStatus, Permission, Response, Stage
from parting.core.domain import calls, followups, network
from parting.core.models import FollowUp, Lead, Opening
from tests import factories as f

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def lena(alice, rita, frozen):
    captured = calls.record_ask(
        alice,
        f.rejection(alice, rita),
        None,
        Response.GAVE_LEAD,
        [f.lead("Lena Lead", "Globex", permission=Permission.GRANTED)],
    )
    return captured.ask.leads.get()


@pytest.fixture
def opening(alice):
    return network.create_opening(
        alice, network.company_named(alice, "Globex"), "Platform engineer"
    )


def move(client, kind, row, to, was=None, **extra):
    data = {"to": to, "was": was if was is not None else _column(row), **extra}
    return client.post(reverse(f"{kind}_move", args=[row.pk]), data, **HX)


def _column(row):
    return row.status if isinstance(row, Lead) else row.stage


def test_each_lead_card_shows_referrer_permission_and_next_follow_up(alice_client, lena):
    body = alice_client.get(reverse("lead_board")).content.decode()
    card = body[body.index(f'id="lead-card-{lena.pk}"') :]
    card = card[: card.index("</li>")]
    assert "Lena Lead" in card and "Rita Recruiter" in card
    assert "May use their name" in card
    due = min(f.due_on for f in FollowUp.objects.filter(lead=lena))
    assert due < FollowUp.objects.get(lead=lena, kind=FollowUpKind.CONTACT_LEAD).due_on
    assert f"{due:%a} {due.day} {due:%b}" in card
    # The card sits in the "new" column, whose move menu offers every other column.
    new_column = body[body.index('data-column="new"') : body.index('data-column="contacted"')]
    assert f'id="lead-card-{lena.pk}"' in new_column
    # Its count is of leads, not of the follow-ups joined in for the date.
    assert '<span class="muted small">1</span>' in body and "more in the list" not in body
    assert 'name="to" value="contacted"' in card and 'name="to" value="new"' not in card


def test_a_move_to_contacted_starts_the_cadence_r6(alice_client, alice, lena):
    response = move(alice_client, "lead", lena, LeadStatus.CONTACTED)
    assert response.status_code == 200
    lena.refresh_from_db()
    assert lena.status == LeadStatus.CONTACTED
    kinds = set(followups.open_for_lead(alice, lena, FollowUpKind.FOLLOW_UP).values_list("kind"))
    assert kinds == {(FollowUpKind.FOLLOW_UP,)}
    assert FollowUp.objects.filter(lead=lena, kind=FollowUpKind.SECOND_CONTACT).exists()
    body = response.content.decode()
    assert "Moved Lena Lead to Contacted." in body and "Nudge Lena Lead" in body
    # The board comes back with the card in its new column, to be focused.
    assert f'data-focus="lead-card-{lena.pk}"' in body
    contacted = body[body.index('data-column="contacted"') : body.index('data-column="talked"')]
    assert f'id="lead-card-{lena.pk}"' in contacted
    assert 'hx-swap-oob="innerHTML"' in body


def test_a_move_to_talked_asks_to_close_the_loop_r8(alice_client, alice, lena):
    move(alice_client, "lead", lena, LeadStatus.TALKED)
    loop = FollowUp.objects.get(lead=lena, kind=FollowUpKind.CLOSE_LOOP)
    assert "Rita Recruiter" in loop.title and loop.is_open
    # Won after talked: still one close-the-loop.
    lena.refresh_from_db()
    move(alice_client, "lead", lena, LeadStatus.WON)
    assert FollowUp.objects.filter(lead=lena, kind=FollowUpKind.CLOSE_LOOP).count() == 1


def test_a_move_on_a_stale_board_is_refused_and_changes_nothing(alice_client, lena):
    response = move(alice_client, "lead", lena, LeadStatus.TALKED, was=LeadStatus.CONTACTED)
    assert response.status_code == 400
    lena.refresh_from_db()
    assert lena.status == LeadStatus.NEW
    assert not FollowUp.objects.filter(lead=lena, kind=FollowUpKind.CLOSE_LOOP).exists()
    body = response.content.decode()
    assert "Lena Lead was not moved: Lena Lead was moved to New meanwhile" in body
    # The card is back in the column it really is in.
    new_column = body[body.index('data-column="new"') : body.index('data-column="contacted"')]
    assert f'id="lead-card-{lena.pk}"' in new_column


def test_an_unknown_column_is_refused_in_one_line(alice_client, lena):
    response = move(alice_client, "lead", lena, "promoted")
    assert response.status_code == 400
    assert "unknown status &#39;promoted&#39; (choose from new," in response.content.decode()
    lena.refresh_from_db()
    assert lena.status == LeadStatus.NEW


def test_without_javascript_a_move_redirects_back_to_the_board(alice_client, lena):
    url = reverse("lead_move", args=[lena.pk])
    data = {"to": "contacted", "was": "new", "q": "Lena", "sort": "name"}
    response = alice_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("lead_board") + "?q=Lena&sort=name"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Moved Lena Lead to Contacted." in page


def test_search_and_sort(alice_client, alice, rita, lena):
    calls.record_ask(
        alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("Abe Able", "Initech")]
    )
    body = alice_client.get(reverse("lead_board"), {"q": "initech"}).content.decode()
    assert "Abe Able" in body and "Lena Lead" not in body
    by_name = alice_client.get(reverse("lead_board"), {"sort": "name"}).content.decode()
    assert by_name.index("Abe Able") < by_name.index("Lena Lead")
    by_referrer = alice_client.get(reverse("lead_board"), {"q": "rita"}).content.decode()
    assert "Abe Able" in by_referrer and "Lena Lead" in by_referrer


def test_a_search_too_long_is_refused_in_one_line(alice_client, lena):
    response = alice_client.get(reverse("lead_board"), {"q": "x" * 201})
    assert response.status_code == 400
    assert "the search is longer than 200 characters" in response.content.decode()


def test_another_users_card_is_not_found_r9(charlie_client, lena, opening):
    assert move(charlie_client, "lead", lena, LeadStatus.WON).status_code == 404
    assert move(charlie_client, "opening", opening, Stage.APPLIED).status_code == 404
    lena.refresh_from_db()
    opening.refresh_from_db()
    assert (lena.status, opening.stage) == (LeadStatus.NEW, Stage.INTERESTED)
    assert b"Lena Lead" not in charlie_client.get(reverse("lead_board")).content
    assert b"Platform engineer" not in charlie_client.get(reverse("opening_board")).content


def test_an_opening_moves_by_stage_and_notes_the_applied_day(alice_client, opening, frozen):
    body = alice_client.get(reverse("opening_board")).content.decode()
    assert "Platform engineer" in body and "Globex" in body
    response = move(alice_client, "opening", opening, Stage.APPLIED)
    assert response.status_code == 200
    opening.refresh_from_db()
    assert opening.stage == Stage.APPLIED and opening.applied_on is not None
    applied = response.content.decode()
    column = applied[
        applied.index('data-column="applied"') : applied.index('data-column="screening"')
    ]
    assert f'id="opening-card-{opening.pk}"' in column


def test_an_opening_on_a_stale_board_stays_put(alice_client, opening):
    response = move(alice_client, "opening", opening, Stage.OFFER, was=Stage.SCREENING)
    assert response.status_code == 400
    assert Opening.objects.get(pk=opening.pk).stage == Stage.INTERESTED


def test_the_board_page_loads_its_vendored_script_only(alice_client, lena):
    body = alice_client.get(reverse("lead_board")).content.decode()
    assert "/static/parting/vendor/sortable/Sortable.min.js" in body
    assert "/static/parting/board.js" in body
    assert "cdn" not in body.lower()
