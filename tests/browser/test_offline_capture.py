"""Capture offline in a real browser: the app installs, the call page opens with the network
off and keeps the contacts it last saw, a call saved there waits on the phone ("saved on this
phone, not yet sent") and is sent by itself once the network is back (by a Background Sync
from the service worker, even with the app closed, or by the page where there is none), once;
a conflict waits for the seeker to resolve it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from parting.core.choices import FollowUpKind
from parting.core.models import Capture, Contact, Conversation, FollowUp, Lead
from tests import factories as f
from tests.browser.conftest import open_page, sign_in

WAIT_FOR_WORKER = """async () => {
  const registration = await navigator.serviceWorker.ready;
  // Up to 60 s: a loaded test machine can take its time to install the worker.
  for (let i = 0; i < 600; i++) {
    const shell = await caches.match("/call/offline/");
    const data = await window.PartingOffline.remembered();
    // A page that opened while the worker installed may stay uncontrolled; the next
    // navigation (the offline one in these tests) goes through the active worker.
    if (registration.active && shell && data) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return JSON.stringify({
    active: !!registration.active,
    controller: !!navigator.serviceWorker.controller,
    shell: !!(await caches.match("/call/offline/")),
    data: !!(await window.PartingOffline.remembered()),
  });
}"""


@pytest.fixture(params=[(1280, 900), (375, 740)], ids=["desktop", "phone"])
def online_call_page(request, browser, live_server, seeker):
    """The call page visited once online: the service worker runs and the phone remembers."""
    f.contact(seeker, "Rita Recruiter", "Acme")
    f.contact(seeker, "Omar Other", "Initech")
    width, height = request.param
    context, page, console = open_page(browser, live_server, width, height)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/call/")
    # The first visit installs the worker, which then answers for this page too (claim).
    assert page.evaluate(WAIT_FOR_WORKER) is True
    yield context, page, console
    context.close()


def record_offline(page, live_server, contact="Rita Recruiter"):
    """Offline: the call page, a rejection, the question, two leads, saved on the phone."""
    page.goto(f"{live_server.url}/call/")
    expect(page.get_by_role("heading", name="Who are you talking to?")).to_be_visible()
    expect(page.locator("[data-offline-state]")).to_contain_text("No connection")
    page.get_by_label("Search your contacts").fill(contact.split()[0].lower())
    page.locator("[data-results]").get_by_role("button", name=re.compile(contact)).click()
    expect(page.get_by_role("heading", name=f"Call with {contact}")).to_be_focused()
    expect(page.locator("[data-favourites] .question").first).to_contain_text("Acme")
    page.get_by_label("Note").fill("Went with an internal candidate.")
    page.get_by_role("button", name="Rejected").click()
    expect(page.get_by_role("heading", name="One more question")).to_be_focused()
    page.locator(".question-choice").nth(1).click()
    page.get_by_text("Gave a lead", exact=True).click()
    page.locator("#off-lead-0-name").fill("Lena Lead")
    page.locator("#off-lead-0-company").fill("Globex")
    page.locator(".lead-entry").nth(0).get_by_text("May use their name").click()
    page.get_by_role("button", name="+ Add another lead").click()
    expect(page.locator("#off-lead-1-name")).to_be_focused()
    page.locator("#off-lead-1-name").fill("Max Mole")
    page.locator(".lead-entry").nth(1).get_by_text("Thanked them already").click()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("heading", name="Saved on this phone, not yet sent")).to_be_visible()


def test_the_app_can_be_installed(browser, live_server, seeker):
    context, page, console = open_page(browser, live_server, 375, 740)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/call/")
    assert page.evaluate(WAIT_FOR_WORKER) is True
    manifest = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["start_url"] == "/call/"
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == f"{live_server.url}/"
    session = context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test browser's profile is incognito-like; anything else would block installing.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    assert not console.errors, console.errors
    context.close()


def test_a_call_recorded_offline_is_sent_once_back_online(online_call_page, live_server, seeker):
    context, page, console = online_call_page
    context.set_offline(True)
    record_offline(page, live_server)
    queue = page.locator("[data-queue]")
    expect(queue).to_contain_text("Call with Rita Recruiter")
    expect(queue).to_contain_text("2 leads")
    assert not Conversation.objects.for_user(seeker).exists()

    # Still there after the page is opened again, with the network still off.
    page.reload()
    expect(page.locator("[data-queue]")).to_contain_text("Call with Rita Recruiter")
    payload = page.evaluate("async () => (await window.PartingOffline.queue())[0].payload")
    assert not Conversation.objects.for_user(seeker).exists()

    # Back online: sent by itself, once.
    context.set_offline(False)
    expect(page.locator("[data-queue-box]")).to_be_hidden(timeout=15_000)
    conversation = Conversation.objects.for_user(seeker).get()
    assert conversation.contact.name == "Rita Recruiter"
    assert conversation.note == "Went with an internal candidate."
    leads = {lead.name: lead for lead in Lead.objects.for_user(seeker)}
    assert set(leads) == {"Lena Lead", "Max Mole"}
    assert leads["Lena Lead"].permission == "granted"
    assert leads["Max Mole"].thanked_at is not None
    assert FollowUp.objects.for_user(seeker).filter(kind=FollowUpKind.CONTACT_LEAD).count() == 2

    # The phone sends the same capture again (a retry after a lost answer): nothing new.
    again = page.evaluate(
        """async (payload) => {
          const session = await (await fetch("/call/sync/")).json();
          const response = await fetch("/call/sync/", {
            method: "POST",
            body: JSON.stringify(payload),
            headers: {"Content-Type": "application/json", "X-CSRFToken": session.csrf},
          });
          return [response.status, await response.json()];
        }""",
        payload,
    )
    assert again[0] == 200 and again[1]["conversation"] == conversation.pk
    assert Conversation.objects.for_user(seeker).count() == 1
    assert Lead.objects.for_user(seeker).count() == 2
    assert Capture.objects.for_user(seeker).count() == 1
    assert not console.csp_violations, console.csp_violations

    # Signing out forgets the contacts this phone kept, and the page that shows them.
    page.locator("details.account summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/"))
    assert page.evaluate(FORGOTTEN) is True


FORGOTTEN = """async () => {
  for (let i = 0; i < 50; i++) {
    const kept = await new Promise((resolve) => {
      const opened = indexedDB.open("parting-offline", 1);
      opened.onsuccess = () => {
        const all = opened.result.transaction("remembered").objectStore("remembered").getAll();
        all.onsuccess = () => resolve(all.result.length);
      };
    });
    const shell = await caches.match("/call/offline/");
    if (kept === 0 && !shell) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


def test_a_call_saved_offline_is_sent_at_once_when_online(browser, live_server, seeker):
    f.contact(seeker, "Rita Recruiter", "Acme")
    context, page, console = open_page(browser, live_server, 375, 740)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/call/offline/")
    expect(page.locator("[data-offline-state]")).to_contain_text("Online")
    page.locator("[data-results]").get_by_role("button", name=re.compile("Rita")).click()
    page.get_by_role("button", name="Voicemail").click()
    expect(page.get_by_role("heading", name="Sent")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="See what it scheduled").click()
    expect(page.get_by_role("heading", name="Call logged")).to_be_visible()
    assert Conversation.objects.for_user(seeker).get().outcome == "voicemail"
    assert not console.errors, console.errors
    context.close()


def test_a_contact_deleted_meanwhile_waits_for_the_seeker(online_call_page, live_server, seeker):
    context, page, console = online_call_page
    context.set_offline(True)
    record_offline(page, live_server)
    Contact.objects.for_user(seeker).get(name="Rita Recruiter").delete()

    context.set_offline(False)
    row = page.locator("[data-queue] li")
    expect(row).to_contain_text("no longer among your contacts", timeout=15_000)
    assert not Conversation.objects.for_user(seeker).exists()
    # Kept on the phone across a reload; the other pages say one call needs the seeker.
    page.goto(f"{live_server.url}/")
    expect(page.locator("#offline-queue")).to_contain_text("1 call saved on this phone")
    page.locator("#offline-queue").get_by_role("link", name="1 call needs you").click()

    page.get_by_role("button", name="Add Rita Recruiter as a new contact").click()
    expect(page.locator("[data-queue-box]")).to_be_hidden(timeout=15_000)
    conversation = Conversation.objects.for_user(seeker).get()
    assert conversation.contact.name == "Rita Recruiter"
    assert Lead.objects.for_user(seeker).count() == 2
    assert not console.csp_violations, console.csp_violations


def test_the_live_call_page_carries_on_offline(online_call_page, live_server, seeker):
    context, page, console = online_call_page
    page.locator("#call").get_by_role("link", name=re.compile("Rita Recruiter")).click()
    expect(page.get_by_role("heading", name="Call with Rita Recruiter")).to_be_visible()
    page.locator("#call").get_by_label("Note").fill("Signal dropped here.")
    context.set_offline(True)
    page.get_by_role("button", name="Rejected").click()
    # The tap is not lost: the offline page goes on to the question.
    expect(page.get_by_role("heading", name="One more question")).to_be_visible()
    page.get_by_text("Left my number", exact=True).click()
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_role("heading", name="Saved on this phone, not yet sent")).to_be_visible()
    queued = page.evaluate("async () => (await window.PartingOffline.queue())[0].payload")
    assert queued["note"] == "Signal dropped here."
    assert queued["ask"]["response"] == "left_number"
    context.set_offline(False)
    expect(page.locator("[data-queue-box]")).to_be_hidden(timeout=15_000)
    rita = Contact.objects.for_user(seeker).get(name="Rita Recruiter")
    assert rita.holds_my_number
    assert not console.csp_violations, console.csp_violations


QUEUE_EMPTIED = """async () => {
  for (let i = 0; i < 100; i++) {
    const left = await new Promise((resolve) => {
      const opened = indexedDB.open("parting-offline", 1);
      opened.onsuccess = () => {
        const all = opened.result.transaction("captures").objectStore("captures").getAll();
        all.onsuccess = () => resolve(all.result.length);
      };
    });
    if (left === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""

SYNC_TAGS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  if (!registration.sync) return null;
  for (let i = 0; i < 50; i++) {
    const tags = await registration.sync.getTags();
    if (tags.length) return tags;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return await registration.sync.getTags();
}"""


@pytest.fixture
def counted_sends(monkeypatch):
    """Every capture the server is sent (the sync door), however it answers."""
    from parting.core.domain import captures

    sent: list[str] = []
    record = captures.record

    def counting(user, data):
        sent.append(str(data.client_id))
        return record(user, data)

    monkeypatch.setattr(captures, "record", counting)
    return sent


def test_background_sync_sends_the_queue_once_with_the_app_closed(
    online_call_page, live_server, seeker, counted_sends
):
    context, page, console = online_call_page
    context.set_offline(True)
    record_offline(page, live_server)
    # Offline, the page asks the browser to send the queue later, from the service worker.
    assert page.evaluate(SYNC_TAGS) == ["parting-captures"]
    client_id = page.evaluate("async () => (await window.PartingOffline.queue())[0].id")
    assert counted_sends == []

    # The app is closed; the phone comes back online; the browser wakes the worker, which
    # sends the queue (or the test does, as the browser would, if it has not yet).
    blank = context.new_page()
    page.close()
    context.set_offline(False)
    # A file of the app, not a page: nothing of the app runs here, but its queue can be read.
    blank.goto(f"{live_server.url}/static/parting/icon.svg")
    session = context.new_cdp_session(blank)
    registrations: list[dict] = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")

    def dispatch_sync() -> None:
        for _ in range(50):
            if registrations:
                break
            blank.wait_for_timeout(100)
        session.send(
            "ServiceWorker.dispatchSyncEvent",
            {
                "origin": live_server.url,
                "registrationId": registrations[0]["registrationId"],
                "tag": "parting-captures",
                "lastChance": False,
            },
        )

    def wait_for_send() -> bool:
        return blank.evaluate(QUEUE_EMPTIED) is True

    if not wait_for_send():
        dispatch_sync()
        assert wait_for_send()
    conversation = Conversation.objects.for_user(seeker).get()
    assert conversation.contact.name == "Rita Recruiter"
    assert Lead.objects.for_user(seeker).count() == 2
    assert counted_sends == [client_id]

    # Another sync (a retry the browser makes) finds the queue empty: nothing sent twice.
    dispatch_sync()
    blank.wait_for_timeout(1500)
    assert counted_sends == [client_id]
    assert Conversation.objects.for_user(seeker).count() == 1

    # The app opened again: the queue is empty, and what was sent is in the account.
    blank.goto(f"{live_server.url}/call/offline/")
    expect(blank.locator("[data-offline-state]")).to_contain_text("Online")
    assert blank.evaluate("async () => (await window.PartingOffline.queue()).length") == 0
    expect(blank.locator("[data-queue-box]")).to_be_hidden()
    assert not console.csp_violations, console.csp_violations


def test_with_the_page_open_the_page_and_the_worker_send_it_once(
    online_call_page, live_server, seeker, counted_sends
):
    """Back online with the page open, the page and the worker's sync both wake: the queue is
    sent once, and the page shows it sent."""
    context, page, console = online_call_page
    context.set_offline(True)
    record_offline(page, live_server)
    client_id = page.evaluate("async () => (await window.PartingOffline.queue())[0].id")
    context.set_offline(False)
    expect(page.get_by_role("heading", name="Sent")).to_be_visible(timeout=15_000)
    expect(page.locator("[data-queue-box]")).to_be_hidden()
    page.wait_for_timeout(1500)  # whichever sender came second has finished too
    assert counted_sends == [client_id]
    assert Conversation.objects.for_user(seeker).count() == 1
    assert not console.errors, console.errors


def test_without_background_sync_the_page_sends_when_online(
    online_call_page, live_server, seeker, counted_sends
):
    """A browser without Background Sync: the page itself sends the queue once online."""
    context, page, console = online_call_page
    page.add_init_script(
        "Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', {get: () => undefined})"
    )
    context.set_offline(True)
    record_offline(page, live_server)
    assert page.evaluate(SYNC_TAGS) is None
    client_id = page.evaluate("async () => (await window.PartingOffline.queue())[0].id")
    context.set_offline(False)
    expect(page.locator("[data-queue-box]")).to_be_hidden(timeout=15_000)
    assert counted_sends == [client_id]
    assert Conversation.objects.for_user(seeker).count() == 1
    assert not console.csp_violations, console.csp_violations
