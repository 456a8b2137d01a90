"""The boards in a real browser: a lead dragged to another column, a lead moved with the
keyboard alone, a refused move that puts the card back, and the opening board on a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from parting.core.choices import FollowUpKind, LeadStatus, Response, Stage
from parting.core.domain import calls, network
from parting.core.models import FollowUp, Lead, Opening
from tests import factories as f


def _leads(seeker, *names):
    rita = f.contact(seeker, "Rita Recruiter", "Acme")
    ask = calls.record_ask(
        seeker, f.rejection(seeker, rita), None, Response.GAVE_LEAD, [f.lead(n) for n in names]
    ).ask
    return {lead.name: lead for lead in ask.leads.all()}


def _column(page, key):
    return page.locator(f'.board-cards[data-column="{key}"]')


def test_drag_a_lead_to_contacted_starts_its_follow_ups(desktop, live_server, seeker):
    page, console = desktop
    lena = _leads(seeker, "Lena Lead")["Lena Lead"]
    page.goto(f"{live_server.url}/leads/board/")
    card = page.locator(f"#lead-card-{lena.pk}")
    expect(_column(page, "new").locator(f"#lead-card-{lena.pk}")).to_be_visible()
    card.locator(".board-facts").drag_to(_column(page, "contacted"))
    expect(page.locator("#board-status")).to_contain_text("Moved Lena Lead to Contacted.")
    expect(_column(page, "contacted").locator(f"#lead-card-{lena.pk}")).to_be_visible()
    lena.refresh_from_db()
    assert lena.status == LeadStatus.CONTACTED
    assert FollowUp.objects.filter(lead=lena, kind=FollowUpKind.FOLLOW_UP).exists()  # R6
    assert not console.errors, console.errors


def test_a_refused_drag_puts_the_card_back_with_the_reason(desktop, live_server, seeker):
    page, console = desktop
    lena = _leads(seeker, "Lena Lead")["Lena Lead"]
    page.goto(f"{live_server.url}/leads/board/")
    # Meanwhile, elsewhere, the lead was marked dead: this board is stale.
    Lead.objects.filter(pk=lena.pk).update(status=LeadStatus.DEAD)
    page.locator(f"#lead-card-{lena.pk} .board-facts").drag_to(_column(page, "contacted"))
    expect(page.locator("#board-status .error")).to_have_text(
        "Lena Lead was not moved: Lena Lead was moved to Dead meanwhile: "
        "the board has been reloaded"
    )
    expect(_column(page, "contacted").locator(".board-card")).to_have_count(0)
    expect(_column(page, "dead").locator(f"#lead-card-{lena.pk}")).to_be_visible()
    assert Lead.objects.get(pk=lena.pk).status == LeadStatus.DEAD
    assert not FollowUp.objects.filter(lead=lena, kind=FollowUpKind.FOLLOW_UP).exists()
    assert [e for e in console.errors if "400" not in e] == []


def test_move_a_lead_with_the_keyboard_alone(desktop, live_server, seeker):
    page, console = desktop
    leads = _leads(seeker, "Lena Lead", "Otto Other")
    lena = leads["Lena Lead"]
    page.goto(f"{live_server.url}/leads/board/")
    summary = page.locator(f"#lead-card-{lena.pk} summary")
    summary.focus()
    page.keyboard.press("Enter")  # open the Move menu
    for _ in range(2):  # Contacted, then Talked
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Talked")
    page.keyboard.press("Enter")
    expect(_column(page, "talked").locator(f"#lead-card-{lena.pk}")).to_be_visible()
    # Focus stays with the card, in its new column, ready for the next move.
    expect(summary).to_be_focused()
    lena.refresh_from_db()
    assert lena.status == LeadStatus.TALKED
    assert FollowUp.objects.filter(lead=lena, kind=FollowUpKind.CLOSE_LOOP).exists()  # R8
    assert not console.errors, console.errors


def test_the_opening_board_on_a_phone(phone, live_server, seeker):
    page, console = phone
    company = network.company_named(seeker, "Globex")
    opening = network.create_opening(seeker, company, "Platform engineer")
    page.goto(f"{live_server.url}/openings/board/")
    page.locator(f"#opening-card-{opening.pk} summary").click()
    page.locator(f"#opening-card-{opening.pk}").get_by_role("button", name="Applied").click()
    expect(_column(page, "applied").locator(f"#opening-card-{opening.pk}")).to_be_visible()
    assert Opening.objects.get(pk=opening.pk).stage == Stage.APPLIED
    # The columns scroll sideways inside the board; the page itself fits the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    board = page.locator("#board")
    assert board.evaluate("b => b.scrollWidth > b.clientWidth")
    # The card for the move is in view after it.
    expect(page.locator(f"#opening-card-{opening.pk}")).to_be_in_viewport()
    assert not console.errors, console.errors
