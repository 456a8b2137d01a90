"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

PARTING_BROWSER names the Chromium binary; without it these tests are skipped, except in CI
(env CI set), where a missing browser is a failure.

Every page a test leaves open is checked with axe-core (from tests/js, `npm install --prefix
tests/js`) when the test ends: any violation, at any impact, fails the test. A test can also
call `assert_no_axe_violations(page)` itself, e.g. once per page it walks through.
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
AXE = HERE.parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
# Pages opened by `open_page` during the current test, checked by axe when it ends.
_OPEN_PAGES: list = []
_AXE_FOUND: list[str] = []


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


def open_page(browser, live_server, width: int, height: int, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = Console()
    console.attach(page)
    if options.get("java_script_enabled", True):  # axe is a script: it needs one to run
        _OPEN_PAGES.append(page)
        _check_before_closing(context)
    return context, page, console


def _axe_source() -> str:
    if not AXE.is_file():
        reason = f"axe-core is missing ({AXE}): run npm install --prefix tests/js"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """One line per violation of every axe-core rule that runs by default (WCAG A and AA and
    best practices), at any impact: rule, impact, where, and what to do.

    axe is evaluated through the DevTools protocol (Runtime.evaluate), which the page's strict
    Content-Security-Policy does not govern, so the app's policy stays as it is."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        session = page.context.new_cdp_session(page)
        try:
            session.send("Runtime.evaluate", {"expression": _axe_source()})
        finally:
            session.detach()
    results = page.evaluate(
        """async () => {
            const found = await window.axe.run(document, {resultTypes: ["violations"]});
            return found.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                fix: ((v.nodes[0] && v.nodes[0].failureSummary) || "").split("\\n")[1] || "",
                count: v.nodes.length,
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}, {v['count']}x): {v['help']} at {', '.join(v['targets'])}"
        + (f" [{v['fix'].strip()}]" if v["fix"] else "")
        for v in results
    ]


def assert_no_axe_violations(page, where: str = "") -> None:
    found = axe_violations(page)
    label = where or page.url
    assert not found, f"axe on {label}:\n  " + "\n  ".join(found)


def _check_before_closing(context) -> None:
    """`context.close()` first runs axe on the context's open pages and keeps what it finds
    for `_axe_on_every_page` to report, so a test that fails for its own reason still
    reports that reason."""
    close = context.close

    def checked_close(*args, **kwargs):
        for page in context.pages:
            _record_axe(page)
        return close(*args, **kwargs)

    context.close = checked_close


def _record_axe(page) -> None:
    if page.is_closed() or not page.url.startswith("http"):
        return
    try:
        page.wait_for_load_state("load")
        found = axe_violations(page)
    except pytest.skip.Exception:
        raise
    except Exception as exc:  # the page went away under axe: say so rather than hide it
        found = [f"axe could not run: {exc}"]
    if found:
        _AXE_FOUND.append(f"axe on {page.url}:\n  " + "\n  ".join(found))


@pytest.fixture(autouse=True)
def _axe_on_every_page():
    """Every browser test ends with axe-core on the pages it has open (or had open when it
    closed them): 0 violations at any impact."""
    _OPEN_PAGES.clear()
    _AXE_FOUND.clear()
    yield
    for page in _OPEN_PAGES:
        _record_axe(page)
    found, _AXE_FOUND[:] = list(_AXE_FOUND), []
    _OPEN_PAGES.clear()
    assert not found, "\n".join(found)


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
