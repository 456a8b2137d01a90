"""Today on a phone: tick two follow-ups and mark them done at once; send a drafted message."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from parting.core.domain import followups, network
from parting.core.models import Conversation, FollowUp


def test_bulk_done_and_message_sent_on_a_phone(phone, live_server, seeker):
    page, console = phone
    pat = network.create_contact(seeker, "Pat Partner", company="Acme", email="pat@acme.example")
    first = followups.add_followup(seeker, "First thing")
    second = followups.add_followup(seeker, "Second thing")
    third = followups.add_followup(seeker, "Write to Pat", contact=pat)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("checkbox", name="First thing")).to_be_hidden()
    page.get_by_text("Several at once").click()
    page.get_by_role("checkbox", name="First thing").check()
    page.get_by_role("checkbox", name="Second thing").check()
    page.get_by_role("button", name="Mark ticked done").click()
    expect(page.get_by_role("status")).to_contain_text("Marked done: 2 follow-ups")
    assert {f.pk for f in FollowUp.objects.filter(status="done")} == {first.pk, second.pk}

    page.get_by_role("link", name="Write to Pat").click()
    expect(page.get_by_label("To")).to_have_value("pat@acme.example")
    link = page.get_by_role("link", name="Open in your mail app")
    expect(link).to_have_attribute("href", re.compile(r"^mailto:pat@acme\.example\?subject="))
    page.get_by_label("Subject").fill("Quick note")
    expect(link).to_have_attribute("href", re.compile(r"subject=Quick%20note"))
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_url(f"{live_server.url}/")
    third.refresh_from_db()
    assert not third.is_open
    assert Conversation.objects.get(owner=seeker).channel == "email"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not console.errors, console.errors
