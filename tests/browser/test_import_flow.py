"""Importing in a real browser: upload (htmx, multipart), preview, import for real; 375 px."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.imports.helpers import path


def _import(page, live_server) -> None:
    page.goto(f"{live_server.url}/data/")
    page.select_option("#id_kind", "linkedin")
    page.set_input_files("#id_file", path("linkedin_current.csv"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Preview: linkedin_current.csv")).to_be_visible()
    expect(page.get_by_text("Line 8: no name")).to_be_visible()
    page.get_by_role("button", name="Import for real").click()
    expect(page.get_by_text("Imported linkedin_current.csv: 3 new")).to_be_visible()


def test_upload_preview_then_import(desktop, live_server, seeker):
    from parting.core.models import Contact

    page, console = desktop
    _import(page, live_server)
    assert Contact.objects.for_user(seeker).count() == 3
    assert console.errors == []


def test_a_bad_file_shows_its_error_in_place_on_a_phone(phone, live_server, seeker):
    from parting.core.models import Contact

    page, console = phone
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("#id_file", path("unterminated.csv"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("a quoted field is never closed")).to_be_visible()
    assert page.locator("#import-area").count() == 1  # swapped in place, not nested
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    assert not Contact.objects.for_user(seeker).exists()
    assert console.csp_violations == []
