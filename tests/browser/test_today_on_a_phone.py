"""Today on a phone, with the demo account: one row, one next action, and a page that fits
a thumb's scroll. The height is printed so a change can be compared (bench/README.md)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_page

WIDTH, HEIGHT = 375, 740
# The demo's Today was 4,811 px tall on a phone with five buttons a row, 3,473 px with one
# action a row and its menu folded (the sign-in's time-zone prompt included; 3,582 px with
# the first-week card put away, whose confirmation shows on top).
MAX_HEIGHT = 3800


@pytest.fixture
def demo_phone(browser, live_server, transactional_db):
    from parting.demo.story import load_demo

    email, password = load_demo()
    context, page, console = open_page(browser, live_server, WIDTH, HEIGHT)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    yield page, console
    context.close()


def test_today_on_a_phone_is_one_action_a_row(demo_phone, live_server):
    page, console = demo_phone
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"Today's height on a {WIDTH} px phone (demo account): {height} px")
    # The first-week card stays until it is done or put away; the budget is for the rest.
    if page.locator(".first-week").count():
        page.locator(".first-week").get_by_role("button", name="Put away").click()
        expect(page.locator(".first-week")).to_have_count(0)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        print(f"… with the first-week card put away: {height} px")
    assert height <= MAX_HEIGHT, height

    rows = page.locator(".due .followup")
    assert rows.count() > 0, "the demo has nothing due"
    for i in range(rows.count()):
        row = rows.nth(i)
        # One primary action shows; the rest wait in the row's menu.
        expect(row.locator(".followup-actions .primary")).to_have_count(1)
        shown = row.locator(".followup-actions > a:visible, .followup-actions > form:visible")
        expect(shown).to_have_count(1)
    # Overdue comes first.
    groups = page.locator(".due h3.group-title")
    if page.locator(".followup.overdue").count():
        expect(groups.first).to_have_text("Overdue")

    # Snooze sits in the menu, and works in place.
    first = rows.first
    title = first.locator(".followup-title").inner_text()
    first.locator(".row-menu > summary").click()
    first.get_by_role("button", name="Tomorrow").click()
    expect(page.locator(".followup", has_text=title).first).to_contain_text("Snoozed to")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert not console.errors, console.errors
