"""The mail link follows the edited message as it is typed: no "Update link" click needed."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from parting.core.domain import followups, network


def test_the_mail_link_follows_the_edited_text_live(desktop, live_server, seeker):
    page, console = desktop
    pat = network.create_contact(seeker, "Pat Partner", company="Acme", email="pat@acme.example")
    item = followups.add_followup(seeker, "Write to Pat", contact=pat)
    page.goto(f"{live_server.url}/followups/{item.pk}/message/")
    link = page.get_by_role("link", name="Open in your mail app")
    expect(page.get_by_role("button", name="Update link")).to_be_hidden()
    page.get_by_label("Subject").fill("Lunch & a question?")
    page.get_by_label("Message").fill("Hi Pat,\nAre you free on Friday?")
    page.get_by_label("To").fill("pat.partner@acme.example")
    expect(link).to_have_attribute("href", re.compile(r"^mailto:pat\.partner@acme\.example\?"))
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    assert query["subject"] == ["Lunch & a question?"]
    assert query["body"] == ["Hi Pat,\r\nAre you free on Friday?"]
    assert not console.errors, console.errors
