"""Navigation, focus ring, reduced motion and the dark theme, in a real browser.

The focus ring is measured, not eyeballed: for each focused control the outline colour is
compared with the background around the control (what the ring sits on), with the halo
under it (the ring's second tone) and, through either tone, with the control's own fill.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EMAIL, open_page, sign_in

# Effective colours in the page: a background is composited over its ancestors' until opaque.
COLOURS = """el => {
    const parse = c => { const m = c.match(/[\\d.]+/g) || [0, 0, 0, 0];
        return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; };
    const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
    const fill = from => {
        const layers = [];
        for (let e = from; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) layers.push(c);
            if (c[3] >= 1) break;
        }
        let rgb = [255, 255, 255];
        for (const layer of layers.reverse()) rgb = over(layer, rgb);
        return rgb;
    };
    const style = getComputedStyle(el);
    const shadow = style.boxShadow.match(/rgba?\\([^)]*\\)/);
    return {
        visible: el.matches(":focus-visible, input:focus, select:focus, textarea:focus"),
        width: parseFloat(style.outlineWidth), outlineStyle: style.outlineStyle,
        ring: parse(style.outlineColor).slice(0, 3),
        halo: shadow ? parse(shadow[0]).slice(0, 3) : null,
        own: fill(el), around: fill(el.parentElement), page: fill(document.body),
    };
}"""


def luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ring_figures(page, locator) -> dict:
    """Focus `locator` as a keyboard user would (so :focus-visible applies) and measure."""
    page.keyboard.press("Shift")  # the last input was a key: programmatic focus is visible
    locator.focus()
    c = locator.evaluate(COLOURS)
    assert c["visible"], "the control shows no focus-visible state"
    assert c["outlineStyle"] != "none" and c["width"] >= 2, c
    halo = c["halo"] or c["around"]
    return {
        "around": contrast(c["ring"], c["around"]),
        "halo": contrast(c["ring"], halo),
        "own": max(contrast(c["ring"], c["own"]), contrast(halo, c["own"])),
        "page": contrast(c["ring"], c["page"]) if c["around"] == c["page"] else None,
    }


# (page, what, how to find it): a nav link and group on the bar, a link in an open group,
# a filled button, a plain button and a link on cards, a search field, a board card's summary.
CONTROLS = [
    ("/", "nav link on the bar", lambda p: p.locator(".nav-items > li > a").nth(1)),
    ("/", "nav group on the bar", lambda p: p.locator(".nav-group > summary").first),
    ("/", "filled button", lambda p: p.locator("main .button.primary, main button.primary").first),
    ("/", "link in a card", lambda p: p.locator("main .card a").first),
    ("/", "account menu on the bar", lambda p: p.locator(".account > summary")),
    ("/contacts/", "search field", lambda p: p.locator("main input[type=search]").first),
    ("/contacts/", "plain button", lambda p: p.locator("main button:not(.primary)").first),
    ("/questions/", "link in a card", lambda p: p.locator("main .card a").first),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_on_every_background(browser, live_server, seeker, scheme):
    from parting.core.domain.network import create_contact

    create_contact(seeker, name="Rita Ortiz")
    context, page, _ = open_page(browser, live_server, 1280, 900)
    page.emulate_media(color_scheme=scheme)
    sign_in(page, live_server)
    low: list[str] = []
    for path, what, find in CONTROLS:
        page.goto(f"{live_server.url}{path}")
        figures = ring_figures(page, find(page))
        for against, ratio in figures.items():
            if ratio is not None and ratio < 3:
                low.append(f"{path} {what}: ring against {against} {ratio:.2f}:1")
    # A link inside an open group of the navigation sits on the menu's card, not the bar.
    page.goto(f"{live_server.url}/")
    page.locator(".nav-group > summary", has_text="Network").click()
    figures = ring_figures(page, page.get_by_role("link", name="Contacts"))
    low += [
        f"open group link: ring against {k} {v:.2f}:1" for k, v in figures.items() if v and v < 3
    ]
    context.close()
    assert not low, "\n".join(low)


def test_the_main_items_fit_a_phone_and_call_is_not_beside_calls(browser, live_server, seeker):
    context, page, _ = open_page(browser, live_server, 375, 740)
    sign_in(page, live_server)
    nav = page.get_by_role("navigation", name="Main")
    items = nav.locator(".nav-items > li > a, .nav-items > li > details > summary")
    names = [t.strip() for t in items.all_inner_texts()]
    assert [re.sub(r"\s+\d+$", "", n) for n in names] == [
        "Today", "Call", "Leads", "Network", "Questions", "Insights"
    ], names  # fmt: skip
    for i in range(items.count()):
        box = items.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (names[i], box)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    # Past calls live in the Network group, far from Call.
    expect(nav.get_by_role("link", name="Past calls")).to_be_hidden()
    page.locator(".nav-group > summary", has_text="Network").click()
    past = nav.get_by_role("link", name="Past calls")
    expect(past).to_be_visible()
    box = page.locator(".nav-group[open] .nav-menu").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    past.click()
    page.wait_for_url(f"{live_server.url}/conversations/")
    expect(page.locator(".nav-group.current > summary")).to_have_text("Network")
    expect(nav.locator("[aria-current=page]")).to_have_text("Past calls")
    context.close()


def test_the_groups_open_by_keyboard_and_close_with_escape(browser, live_server, seeker):
    context, page, _ = open_page(browser, live_server, 1280, 900)
    sign_in(page, live_server)
    questions = page.locator(".nav-group > summary", has_text="Questions")
    questions.focus()
    page.keyboard.press("Enter")
    practise = page.get_by_role("link", name="Practise")
    expect(practise).to_be_visible()
    page.keyboard.press("Escape")
    expect(practise).to_be_hidden()
    expect(questions).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(practise).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/drill/")
    expect(page.get_by_role("navigation", name="Main").locator("[aria-current=page]")).to_have_text(
        "Practise"
    )
    context.close()


def test_the_groups_work_without_javascript(browser, live_server, seeker):
    context, page, _ = open_page(browser, live_server, 375, 740, java_script_enabled=False)
    sign_in(page, live_server)
    page.locator(".nav-group > summary", has_text="Network").click()
    page.get_by_role("link", name="Companies").click()
    page.wait_for_url(f"{live_server.url}/companies/")
    page.locator(".nav-group > summary", has_text="Questions").press("Enter")
    page.get_by_role("link", name="Phone script").click()
    page.wait_for_url(f"{live_server.url}/script/")
    context.close()


def test_reduced_motion_stops_transitions_and_animations(browser, live_server, seeker):
    context, page, _ = open_page(browser, live_server, 1280, 900)
    sign_in(page, live_server)
    durations = """() => {
        const button = getComputedStyle(document.querySelector("main .button, main button"));
        document.querySelector(".nav-group").open = true;
        const menu = getComputedStyle(document.querySelector(".nav-group .nav-menu"));
        return [button.transitionDuration, menu.animationDuration, htmx.config.defaultSettleDelay];
    }"""
    moving = page.evaluate(durations)
    assert moving[0] != "0s" and moving[1] != "0s" and moving[2] > 0, moving
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert page.evaluate(durations) == ["0s", "0s", 0]
    context.close()


def test_the_dark_theme_follows_the_system(browser, live_server, seeker):
    context, page, _ = open_page(browser, live_server, 1280, 900)
    sign_in(page, live_server)
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "light dark"
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(246, 247, 250)"
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) == "rgb(18, 22, 28)"
    card = page.locator(".card").first
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(27, 33, 41)"
    context.close()


def test_email_is_the_account_menu(browser, live_server, seeker):
    """The account menu keeps Settings and signing out out of the main row."""
    context, page, _ = open_page(browser, live_server, 375, 740)
    sign_in(page, live_server)
    page.locator(".account > summary", has_text=EMAIL).click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    context.close()
