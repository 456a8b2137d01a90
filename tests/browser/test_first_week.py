"""The first week in a real browser, on a phone: the card on Today for a new seeker, steps
ticked by doing them (the phone script saved, the weekly review's change written), and the
card put away."""

from __future__ import annotations

from playwright.sync_api import expect

from parting.core.models import Profile


def test_the_first_week_follows_what_the_seeker_does(phone, live_server, seeker):
    page, console = phone
    page.goto(f"{live_server.url}/")
    card = page.locator("section.first-week")
    expect(card).to_contain_text("0 of 6 done")
    expect(card.get_by_role("link", name="Rewrite your questions")).to_have_attribute(
        "href", "/questions/"
    )

    # Step 3: make the phone script one's own, on its page.
    page.goto(f"{live_server.url}/script/")
    page.get_by_label("Opening").fill("Hi {name}, it's {my_name}. Thanks for the call.")
    page.get_by_role("button", name="Save script").click()
    page.goto(f"{live_server.url}/")
    expect(card).to_contain_text("1 of 6 done")
    expect(card.locator(".first-week-step.done")).to_contain_text("A script for the call")

    # Step 6: the weekly review's one thing to change.
    page.goto(f"{live_server.url}/insights/week/")
    page.get_by_label("A different question, an earlier ask, more calls…").fill(
        "Ask before the goodbye"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Saved: one thing to change next week.")
    page.goto(f"{live_server.url}/")
    expect(card).to_contain_text("2 of 6 done")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    card.get_by_role("button", name="Put away").click()
    expect(page.locator("section.first-week")).to_have_count(0)
    assert Profile.objects.get(owner=seeker).first_week_dismissed_at is not None
    assert not console.errors, console.errors
