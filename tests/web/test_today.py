"""Today, the home page: due follow-ups, rejections without a question, new leads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from parting.core.choices import FollowUpKind, FollowUpState, Response
from parting.core.domain import calls, followups
from parting.core.models import FollowUp
from tests import factories as f

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


@pytest.fixture
def due_today(alice, rita, frozen):
    return followups.add_followup(alice, "Send Rita the portfolio", contact=rita, on=TODAY)


@pytest.fixture
def overdue(alice, frozen):
    return followups.add_followup(alice, "Update the CV", on=TODAY - dt.timedelta(days=2))


def item_classes(body, followup):
    found = re.search(rf'<li id="followup-{followup.pk}" class="([^"]*)"', body)
    assert found, f"follow-up {followup.pk} is not on the page"
    return found.group(1).split()


def test_a_new_user_is_told_to_log_a_first_call(alice_client, frozen):
    response = alice_client.get(reverse("today"))
    assert response.status_code == 200
    assert b"Log your first call" in response.content
    assert b"Nothing due" in response.content


def test_today_needs_a_sign_in(client):
    response = client.get(reverse("today"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_due_follow_ups_are_grouped_by_kind_and_overdue_is_marked(
    alice_client, alice, rita, due_today, overdue
):
    later = followups.add_followup(alice, "Not yet", on=TODAY + dt.timedelta(days=3))
    response = alice_client.get(reverse("today"))
    body = response.content.decode()
    # Overdue first, then what is due today by kind, then the next day's preview.
    due = body.split('data-kind="overdue"')[1]
    assert due.index("Update the CV") < due.index('data-kind="custom"')
    assert due.index('data-kind="custom"') < due.index("Send Rita the portfolio")
    assert due.index("Send Rita the portfolio") < due.index('data-kind="up_next"')
    assert due.index('data-kind="up_next"') < due.index(later.title)
    assert "Up next · Sat 7 Mar" in body or "Up next · Saturday 7 Mar" in body
    assert "overdue" in item_classes(body, overdue)
    assert "overdue" not in item_classes(body, due_today)


def test_right_after_saving_leads_today_shows_what_was_scheduled(alice_client, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()])
    body = alice_client.get(reverse("today")).content.decode()
    assert "Nothing due today." in body
    assert "Up next · tomorrow" in body
    assert "Thank Rita Recruiter for suggesting Lena Lead" in body


def test_one_primary_action_a_row_and_the_rest_in_its_menu(alice_client, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.LEFT_NUMBER, [])
    followups.add_followup(alice, "Update the CV", on=TODAY)
    frozen.move_to(dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC))
    body = alice_client.get(reverse("today")).content.decode()
    rows = body.split('<li id="followup-')[1:]
    assert len(rows) == 2
    for row in rows:
        actions = row.split('class="followup-actions"')[1]
        before_menu, menu = actions.split('<details class="row-menu"')
        assert before_menu.count("primary") == 1
        # The menu's actions come when it is opened (htmx), or on a page of their own.
        menu_url = re.search(r'hx-get="([^"]+)"', menu).group(1).replace("&amp;", "&")
        assert f'href="{menu_url}"' in menu
        fetched = alice_client.get(menu_url, HTTP_HX_REQUEST="true").content.decode()
        assert "Tomorrow" in fetched and "Edit" in fetched and "<html" not in fetched
        page = alice_client.get(menu_url).content.decode()
        assert "Tomorrow" in page and "<html" in page
        assert ("Mark done" in fetched) == ("done-button primary" not in before_menu)
    check_back = next(row for row in rows if "Check back" in row)
    assert f'?contact={rita.pk}">Call</a>' in check_back
    custom = next(row for row in rows if "Update the CV" in row)
    assert "done-button primary" in custom


def test_thank_yous_due_tomorrow_show_up_tomorrow(alice_client, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()])
    assert b"Thank the referrer" not in alice_client.get(reverse("today")).content
    frozen.move_to(dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC))
    response = alice_client.get(reverse("today"))
    assert b"Thank the referrer" in response.content
    assert b"Thank Rita Recruiter for suggesting Lena Lead" in response.content


def test_done_works_in_place_and_can_be_undone(alice_client, due_today):
    url = reverse("followup_done", args=[due_today.pk])
    response = alice_client.post(url, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li id="followup-{due_today.pk}"')
    assert "is-done" in body and "Undo" in body
    due_today.refresh_from_db()
    assert due_today.status == FollowUpState.DONE

    response = alice_client.post(reverse("followup_reopen", args=[due_today.pk]), **HX)
    assert b"Mark done</button>" in response.content
    due_today.refresh_from_db()
    assert due_today.status == FollowUpState.OPEN and due_today.done_at is None


@pytest.mark.parametrize(
    ("days", "expected"), [("1", dt.date(2026, 3, 5)), ("7", dt.date(2026, 3, 11))]
)
def test_snooze_works_in_place(alice_client, due_today, days, expected):
    response = alice_client.post(
        reverse("followup_snooze", args=[due_today.pk]), {"days": days}, **HX
    )
    assert response.status_code == 200
    assert b"Snoozed to" in response.content
    due_today.refresh_from_db()
    assert due_today.due_on == expected and due_today.status == FollowUpState.SNOOZED


def test_snooze_refuses_nonsense(alice_client, due_today):
    url = reverse("followup_snooze", args=[due_today.pk])
    assert alice_client.post(url, {"days": "0"}, **HX).status_code == 400
    assert alice_client.post(url, {"days": "soon"}, **HX).status_code == 400
    due_today.refresh_from_db()
    assert due_today.due_on == TODAY


def test_without_javascript_done_redirects_back(alice_client, due_today):
    url = reverse("followup_done", args=[due_today.pk])
    response = alice_client.post(url, {"next": reverse("today")})
    assert response.status_code == 302 and response["Location"] == reverse("today")
    response = alice_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("today")


def test_followup_changes_are_post_only(alice_client, due_today):
    answer = alice_client.get(reverse("followup_done", args=[due_today.pk]))
    assert (answer.status_code, answer["Location"]) == (302, reverse("today"))
    due_today.refresh_from_db()
    assert due_today.status == "open"


def test_the_weeks_ask_rate_and_the_rejections_without_a_question(alice_client, alice, frozen):
    asked = []
    for name in ["Ann", "Ben", "Cat"]:
        convo = f.rejection(alice, f.contact(alice, name, "Acme"))
        calls.record_ask(alice, convo, None, Response.DECLINED)
        asked.append(convo)
    unasked = f.rejection(alice, f.contact(alice, "Dan Doe", "Hooli"))
    response = alice_client.get(reverse("today"))
    body = response.content.decode()
    assert "3 of 4</span> rejections this week got a parting question" in body
    assert "Dan Doe" in body
    assert f"{reverse('call')}?conversation={unasked.pk}" in body
    assert f'?conversation={asked[0].pk}"' not in body


def test_new_leads_not_yet_contacted(alice_client, alice, rita, frozen):
    convo = f.rejection(alice, rita)
    lead = calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()]).ask.leads.get()
    response = alice_client.get(reverse("today"))
    assert b"Lena Lead" in response.content
    assert lead.get_absolute_url().encode() in response.content


def test_quick_add_follow_up(alice_client, alice, rita, frozen):
    data = {"title": "Call Rita back", "due_on": "2026-03-06", "contact": rita.pk}
    response = alice_client.post(reverse("followup_add"), data)
    assert response.status_code == 302
    made = FollowUp.objects.get()
    assert made.kind == FollowUpKind.CUSTOM and made.contact == rita
    assert made.due_on == dt.date(2026, 3, 6) and made.owner == alice


def test_quick_add_needs_a_title(alice_client, frozen):
    response = alice_client.post(reverse("followup_add"), {"title": "", "due_on": "2026-03-06"})
    assert response.status_code == 400
    assert not FollowUp.objects.exists()


# -- R9 ------------------------------------------------------------------------


@pytest.fixture
def charlie_only(charlie):
    client = Client()
    client.force_login(charlie)
    return client


@pytest.mark.parametrize("name", ["followup_done", "followup_reopen", "followup_snooze"])
def test_r9_charlie_gets_404_on_alices_follow_ups(charlie_only, due_today, name):
    url = reverse(name, args=[due_today.pk])
    assert charlie_only.post(url, {"days": "1"}).status_code == 404
    assert charlie_only.post(url, {"days": "1"}, **HX).status_code == 404
    due_today.refresh_from_db()
    assert due_today.status == FollowUpState.OPEN and due_today.due_on == TODAY


def test_r9_charlies_today_shows_nothing_of_alices(charlie_only, alice, rita, due_today):
    f.rejection(alice, rita)
    response = charlie_only.get(reverse("today"))
    assert b"Send Rita the portfolio" not in response.content
    assert b"Rita Recruiter" not in response.content


def test_r9_charlie_cannot_attach_a_follow_up_to_alices_contact(charlie_only, rita, frozen):
    data = {"title": "Spy", "due_on": "2026-03-06", "contact": rita.pk}
    assert charlie_only.post(reverse("followup_add"), data).status_code == 400
    assert not FollowUp.objects.exists()


def test_today_lists_five_per_group_and_offers_the_rest(alice_client, alice, frozen):
    import datetime as dt

    from parting.core.models import FollowUp

    FollowUp.objects.bulk_create(
        FollowUp(owner=alice, kind="custom", title=f"Task {i}", due_on=dt.date(2026, 3, 1))
        for i in range(60)
    )
    page = alice_client.get(reverse("today")).content.decode()
    assert page.count("Task ") == 5 and "and 55 more" in page
    everything = alice_client.get(reverse("today") + "?all=1").content.decode()
    assert everything.count("Task ") == 60


def test_followup_add_takes_a_contact_by_name(alice_client, alice, frozen):
    from parting.core.models import FollowUp
    from tests import factories

    rita = factories.contact(alice, "Rita Ortiz")
    data = {"title": "Send Rita the deck", "due_on": "2026-03-06", "contact": "rita ortiz"}
    alice_client.post(reverse("followup_add"), data)
    assert FollowUp.objects.get(title="Send Rita the deck").contact == rita
    bad = alice_client.post(reverse("followup_add"), {**data, "contact": "Nobody Here"})
    assert bad.status_code == 400 and "No contact of that name." in bad.content.decode()
