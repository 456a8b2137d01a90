"""The call flow in a real browser: a rejection, one more question, two leads, then Today."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from playwright.sync_api import expect

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "call-page.png"


def no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"{page.url}: scrollWidth {overflow[0]} > {overflow[1]}"


def run_call_flow(page, live_server, *, check=lambda page: None, screenshot=False) -> None:
    page.goto(f"{live_server.url}/call/")
    expect(page.get_by_role("heading", name="Who are you talking to?")).to_be_visible()
    check(page)

    # A new contact, created inline.
    page.fill("#id_new-name", "Rita Recruiter")
    page.fill("#id_new-company", "Acme")
    page.get_by_role("button", name="Add and start the call").click()
    expect(page.get_by_role("heading", name="Call with Rita Recruiter")).to_be_visible()
    expect(page.locator(".favourites .question").first).to_contain_text("here at Acme")
    check(page)

    # R1: the rejection turns the page to the one-more-question panel.
    page.fill("#id_note", "Went with an internal candidate.")
    page.get_by_role("button", name="Rejected").click()
    panel = page.locator(".panel-one-more")
    expect(panel).to_be_visible()
    expect(page).to_have_url(re.compile(r"/call/\?conversation=\d+$"))
    expect(page.locator(".lead-capture")).to_be_hidden()
    check(page)

    # Which question, what they said, and two leads (the second via "add another").
    page.locator(".question-choice").nth(1).click()
    page.get_by_text("Gave a lead", exact=True).click()
    expect(page.locator(".lead-capture")).to_be_visible()
    page.fill("#id_lead-0-name", "Lena Lead")
    page.fill("#id_lead-0-company", "Globex")
    page.fill("#id_lead-0-note", "Her team is hiring analysts in April.")
    page.locator("#lead-entry-0").get_by_text("May use their name").click()
    # Room for a second lead is there from the start; a third comes with "add another".
    page.fill("#id_lead-1-name", "Max Mole")
    page.fill("#id_lead-1-company", "Initech")
    page.locator("#lead-entry-1").get_by_text("Thanked them already").click()
    page.get_by_role("button", name="+ Add another lead").click()
    expect(page.locator("#id_lead-2-name")).to_be_focused()
    expect(page.locator("#add-lead")).to_have_attribute("hx-get", re.compile(r"index=3$"))
    check(page)
    if screenshot:
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.locator(".panel-one-more").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("heading", name="2 leads captured")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/call/\d+/$"))
    expect(page.locator(".summary-followups")).to_contain_text(
        "Thank Rita Recruiter for suggesting Lena Lead"
    )
    check(page)

    # Both leads on the list and among Today's new leads.
    page.goto(f"{live_server.url}/leads/")
    expect(page.locator("table.leads")).to_contain_text("Lena Lead")
    expect(page.locator("table.leads")).to_contain_text("Max Mole")
    check(page)
    page.goto(f"{live_server.url}/")
    new_leads = page.locator(".new-leads")
    expect(new_leads).to_contain_text("Lena Lead")
    expect(new_leads).to_contain_text("Max Mole")
    expect(page.locator(".ask-rate")).to_contain_text("1 of 1")
    check(page)

    # R3: the thank-you is due tomorrow, on the lead's page.
    new_leads.get_by_role("link", name="Lena Lead").click()
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    thank = page.locator(".followup", has_text="Thank Rita Recruiter for suggesting Lena Lead")
    expect(thank).to_contain_text(f"{tomorrow:%a} {tomorrow.day} {tomorrow:%b}")
    expect(page.locator(".lead-origin")).to_contain_text("Her team is hiring analysts in April.")
    check(page)


def test_call_flow_captures_two_leads(desktop, live_server):
    page, console = desktop
    run_call_flow(page, live_server, screenshot=bool(os.environ.get("PARTING_SCREENSHOTS")))
    assert not console.csp_violations, console.csp_violations
    assert not console.errors, console.errors


def test_call_flow_on_a_phone_has_no_horizontal_overflow(phone, live_server):
    page, console = phone
    run_call_flow(page, live_server, check=no_horizontal_overflow)
    assert not console.csp_violations, console.csp_violations
    assert not console.errors, console.errors


def test_inline_edits_work_in_place(desktop, live_server):
    page, console = desktop
    run_call_flow(page, live_server)

    # Leads list: a status change swaps the row; talked opens the close-the-loop (R8).
    page.goto(f"{live_server.url}/leads/")
    row = page.locator("tr.lead-row", has_text="Lena Lead")
    with page.expect_response(re.compile(r"/leads/\d+/update/$")):
        row.locator("select[name=status]").select_option("talked")
    expect(row.locator("select[name=status]")).to_have_value("talked")
    expect(row.locator(".no-js-save")).to_be_hidden()
    row.get_by_role("link", name="Lena Lead").click()
    expect(page.locator("#lead-panel")).to_contain_text("Tell Rita Recruiter how it went")

    # Today: one next action a row (the message); done and snooze in its menu, in place.
    page.goto(f"{live_server.url}/")
    item = page.locator(".followup", has_text="Tell Rita Recruiter how it went")
    expect(item.locator(".followup-actions > .primary")).to_have_text("Open the message")
    item.locator(".row-menu > summary").click()
    item.get_by_role("button", name="Mark done").click()
    expect(item).to_have_class(re.compile(r"\bis-done\b"))
    item.get_by_role("button", name="Undo").click()
    item.locator(".row-menu > summary").click()
    expect(item.get_by_role("button", name="Mark done")).to_be_visible()
    item.get_by_role("button", name="Tomorrow").click()
    expect(item).to_contain_text("Snoozed to")
    assert not console.errors, console.errors


def test_errors_stay_on_the_panel(desktop, live_server):
    page, console = desktop
    page.goto(f"{live_server.url}/call/")
    page.fill("#id_new-name", "Rita Recruiter")
    page.get_by_role("button", name="Add and start the call").click()
    page.get_by_role("button", name="Rejected").click()
    page.get_by_text("Gave a lead", exact=True).click()
    page.fill("#id_lead-0-note", "someone in sales")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.locator(".panel-one-more .error").first).to_contain_text("Give the lead's name")
    expect(page.locator("#id_lead-0-note")).to_have_value("someone in sales")
    # The 400 itself is logged by the browser; nothing else may be.
    assert not console.csp_violations, console.csp_violations
    assert all("status of 400" in e for e in console.errors), console.errors
