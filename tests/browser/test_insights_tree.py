"""The referral tree in a real browser: drawn, linked, zoomable, readable on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.insights_data import story


def test_tree_zooms_pans_and_links_on_a_phone(phone, seeker):
    page, console = phone
    story(seeker)
    page.goto(page.url + "insights/tree/")
    svg = page.locator("svg.tree-svg")
    expect(svg).to_be_visible()
    doors = page.locator("section[aria-labelledby=doors-title] li")
    expect(doors.filter(has_text="This interview came from a no two hops back")).to_be_visible()
    start = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != start
    assert float(zoomed.split()[2]) < float(start.split()[2])  # narrower: closer in
    page.get_by_role("button", name="Fit").click()
    assert svg.get_attribute("viewBox") == start
    # The page itself does not scroll sideways: the tree scrolls inside its frame.
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    page.locator("svg.tree-svg a").filter(has_text="Nia North").first.click()
    expect(page).to_have_url(re.compile(r"/(leads|conversations)/\d+/"))
    assert not console.csp_violations and not console.errors
