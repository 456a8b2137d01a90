"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

PARTING_BROWSER names the Chromium binary; without it these tests are skipped, except in CI
(env CI set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EMAIL = "seeker@example.com"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _needs_a_browser():
    if not os.environ.get("PARTING_BROWSER"):
        reason = "PARTING_BROWSER is not set (point it at Chromium, e.g. /usr/bin/chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("PARTING_BROWSER")
    if not executable:
        pytest.skip("PARTING_BROWSER is not set")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=executable, args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def seeker(transactional_db):
    from parting.core.domain.accounts import create_user
    from parting.core.domain.profiles import get_profile
    from tests.conftest import PASSWORD

    user = create_user(EMAIL, PASSWORD, name="Sam Seeker")
    profile = get_profile(user)
    profile.niche = "logistics software"
    profile.save()
    return user


class Console:
    """Console errors and uncaught exceptions seen by a page (CSP violations land here)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]


def open_page(browser, live_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = Console()
    console.attach(page)
    return context, page, console


def sign_in(page, live_server) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def desktop(browser, live_server, seeker):
    context, page, console = open_page(browser, live_server, 1000, 900)
    sign_in(page, live_server)
    yield page, console
    context.close()


@pytest.fixture
def phone(browser, live_server, seeker):
    context, page, console = open_page(browser, live_server, 375, 740)
    sign_in(page, live_server)
    yield page, console
    context.close()
