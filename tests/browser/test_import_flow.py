"""Importing in a real browser: upload (htmx, multipart), preview, import for real, the job
page following the import on the queue; 375 px."""

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


def test_the_job_page_follows_a_queued_import_until_it_is_done(phone, live_server, seeker):
    """No worker yet: the page waits; once the job has run, htmx polling shows the result
    in place, with no reload and nothing against the CSP."""
    from django.test import override_settings

    from parting.core.models import Job
    from parting.tasks import imports

    page, console = phone
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        page.goto(f"{live_server.url}/data/")
        page.set_input_files("#id_file", path("linkedin_current.csv"))
        page.get_by_role("button", name="Preview the import").click()
        page.get_by_role("button", name="Import for real").click()
        expect(page.get_by_text("Waiting for a task worker to start it")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")
    imports.run_here(Job.objects.get())
    result = page.get_by_text("Imported linkedin_current.csv: 3 new, 0 merged")
    expect(result).to_be_visible(timeout=5000)
    assert page.evaluate("() => window.notReloaded") is True  # swapped in place by htmx
    assert page.get_by_role("link", name="Refresh").count() == 0
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    assert console.csp_violations == [] and console.errors == []
