"""The first sign-in proposes the browser's own time zone; the profile offers it too."""

from __future__ import annotations

from playwright.sync_api import expect

from parting.core.domain.profile_update import update_profile
from parting.core.domain.profiles import get_profile
from tests.browser.conftest import EMAIL, open_page


def test_first_sign_in_proposes_the_browsers_zone(browser, live_server, seeker):
    from tests.conftest import PASSWORD

    context, page, console = open_page(
        browser, live_server, 1000, 900, timezone_id="America/Chicago"
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("button", name="Use America/Chicago").click()
    expect(page.get_by_role("status")).to_contain_text("Times now show in America/Chicago")
    assert get_profile(seeker).timezone == "America/Chicago"

    update_profile(seeker, timezone="Europe/Paris")
    page.goto(f"{live_server.url}/settings/")
    field = page.get_by_label("Time zone")
    expect(field).to_have_value("Europe/Paris")
    page.get_by_role("button", name="Use this browser's zone (America/Chicago)").click()
    expect(field).to_have_value("America/Chicago")
    field.fill("Chicago")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Profile saved")
    assert get_profile(seeker).timezone == "America/Chicago"
    assert not console.errors, console.errors
    context.close()
