"""Every main page, filled with the demo account, on a 375 px phone.

One browser, one sign-in through the real login form, one page object: each page must answer
200, fit the screen (no horizontal scrolling), log no console error (CSP violations are
console errors) and carry an <h1>.

Set PARTING_SCREENSHOTS_DIR to also save a full-page screenshot of each page there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import open_page

WIDTH, HEIGHT = 375, 740
# The first elements sticking out past the right edge, to name the culprit in the failure.
WIDEST = """() => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + [...e.classList].map(c => "." + c).join(""))"""


def demo_pages(user) -> list[tuple[str, str]]:
    """(name, path) for every main page, with the demo's richest records as the examples."""
    from django.db.models import Count

    from parting.core.choices import FollowUpKind, Outcome
    from parting.core.domain.followups import OPEN_STATES
    from parting.core.models import Company, Contact, Conversation, FollowUp, Lead

    lead = Lead.objects.filter(owner=user).order_by("id").first()
    contact = (
        Contact.objects.filter(owner=user)
        .annotate(n=Count("conversations"))
        .order_by("-n", "id")
        .first()
    )
    company = (
        Company.objects.filter(owner=user)
        .annotate(n=Count("children"))
        .order_by("-n", "id")
        .first()
    )
    conversation = (
        Conversation.objects.filter(owner=user, outcome=Outcome.REJECTED, asks__isnull=False)
        .order_by("-at")
        .first()
    )
    followup = (
        FollowUp.objects.filter(
            owner=user, status__in=OPEN_STATES, kind=FollowUpKind.THANK_REFERRER
        ).first()
        or FollowUp.objects.filter(owner=user, status__in=OPEN_STATES).first()
    )
    assert lead and contact and company and conversation and followup, "the demo is too thin"
    return [
        ("today", "/"),
        ("today-week", "/?view=week"),
        ("call-pick", "/call/"),
        ("call-log", f"/call/?contact={contact.pk}"),
        ("call-summary", f"/call/{conversation.pk}/"),
        ("leads", "/leads/"),
        ("lead", f"/leads/{lead.pk}/"),
        ("contacts", "/contacts/"),
        ("contact", f"/contacts/{contact.pk}/"),
        ("companies", "/companies/"),
        ("company", f"/companies/{company.pk}/"),
        ("openings", "/openings/"),
        ("calls", "/conversations/"),
        ("conversation", f"/conversations/{conversation.pk}/"),
        ("questions", "/questions/"),
        ("drill", "/drill/"),
        ("script", "/script/"),
        ("script-print", "/script/print/"),
        ("settings", "/settings/"),
        ("calendar-settings", "/settings/calendar/"),
        ("data", "/data/"),
        ("insights", "/insights/"),
        ("insights-tree", "/insights/tree/"),
        ("insights-funnel", "/insights/funnel/"),
        ("insights-yield", "/insights/yield/"),
        ("insights-people", "/insights/people/"),
        ("insights-companies", "/insights/companies/"),
        ("insights-week", "/insights/week/"),
        ("worklog", "/worklog/"),
        ("settings-account", "/settings/account/"),
        ("account-delete", "/settings/account/delete/"),
        ("followup-message", f"/followups/{followup.pk}/message/"),
    ]


@pytest.fixture
def demo_user(transactional_db):
    from django.contrib.auth import get_user_model

    from parting.demo.story import load_demo

    email, password = load_demo()
    return get_user_model().objects.get(username=email), email, password


def test_every_main_page_fits_a_phone(browser, live_server, demo_user):
    user, email, password = demo_user
    pages = demo_pages(user)
    shots = os.environ.get("PARTING_SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)

    context, page, console = open_page(browser, live_server, WIDTH, HEIGHT)
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        problems: list[str] = []
        for name, path in pages:
            seen = len(console.errors)
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            if response is None or response.status != 200:
                problems.append(f"{path}: status {response and response.status}")
                continue
            if page.url != f"{live_server.url}{path}":
                problems.append(f"{path}: redirected to {page.url}")
            scroll, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                wide = page.evaluate(WIDEST)
                problems.append(f"{path}: scrollWidth {scroll} > {inner} ({', '.join(wide)})")
            if page.locator("h1").count() < 1:
                problems.append(f"{path}: no <h1>")
            if len(console.errors) > seen:
                problems.append(f"{path}: console errors {console.errors[seen:]}")
            if shots:
                page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
        assert not problems, "\n".join(problems)
    finally:
        context.close()
