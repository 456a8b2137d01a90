"""The drill and the printable phone script in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_call_flow import no_horizontal_overflow


def test_drill_compares_and_grades(desktop, live_server, seeker):
    from parting.core.domain import question_bank, questions

    page, console = desktop
    # Today's practice card shows once a question is in the seeker's own words.
    last = questions.questions(seeker).last()
    question_bank.edit_question(seeker, last, "Who else in town should I be talking to?")
    page.goto(f"{live_server.url}/drill/")
    expect(page.locator(".cue")).to_contain_text("Ask about other people hiring there")
    expect(page.get_by_text("4 due")).to_be_visible()
    page.fill("#id_typed", "Is anyone else here at the company hiring?")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".own-wording")).to_contain_text("Before we hang up")
    expect(page.locator(".diff del").first).to_be_visible()
    expect(page.locator(".score")).to_contain_text(re.compile(r"similarity \d+%"))
    page.get_by_role("button", name="Good").click()
    expect(page).to_have_url(re.compile(r"/drill/$"))
    expect(page.get_by_text("3 due")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.locator(".practice")).to_contain_text("3 questions due for practice")
    assert not console.errors, console.errors


def test_print_view_hides_the_chrome_and_keeps_the_script(desktop, live_server):
    page, console = desktop
    page.goto(f"{live_server.url}/script/print/")
    expect(page.locator(".topbar")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".no-print").first).to_be_hidden()
    script = page.locator(".script-print")
    expect(script.get_by_role("heading", name="My phone script")).to_be_visible()
    expect(script.locator(".script-questions li")).to_have_count(2)
    expect(script).to_contain_text("logistics software")  # {niche} filled from the profile
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the script prints on one page"
    assert not console.errors, console.errors


def test_questions_and_drill_fit_a_phone(phone, live_server):
    page, console = phone
    for path in ("/questions/", "/drill/", "/script/", "/script/print/", "/settings/"):
        page.goto(f"{live_server.url}{path}")
        no_horizontal_overflow(page)
    page.goto(f"{live_server.url}/questions/")
    page.fill("#id_text", "Anyone at {compnay}?")
    expect(page.locator("#preview .error")).to_contain_text("did you mean {company}?")
    page.fill("#id_text", "Who in {niche} should I meet?")
    expect(page.locator("#preview .question")).to_contain_text("Who in logistics software")
    assert not console.csp_violations, console.csp_violations
    assert not console.errors, console.errors
