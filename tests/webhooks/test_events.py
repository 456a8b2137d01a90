"""The domain announces its events once the change commits, whatever door made it: each
endpoint hearing the event gets the object exactly as the API returns it."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from parting.api import schemas
from parting.core.choices import Outcome, Response
from parting.core.domain import calls, followups, leads, webhooks
from parting.core.models import Ask, Conversation, FollowUp, Lead
from parting.webhooks.models import Delivery
from tests import factories as f

pytestmark = pytest.mark.django_db


def _events(receiver, secret):
    """(type, data) of each message received, every signature checked."""
    hook = Webhook(secret)
    return [
        (m["type"], m["data"]) for m in (hook.verify(r.body, r.headers) for r in receiver.received)
    ]


def test_a_rejection_with_two_leads_announces_each_record(
    alice, endpoint, receiver, django_capture_on_commit_callbacks
):
    rita = f.contact(alice, "Rita Recruiter")
    with django_capture_on_commit_callbacks(execute=True):
        convo = calls.log_conversation(alice, rita, Outcome.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        captured = calls.record_ask(
            alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead"), f.lead("Max Mentor")]
        )
    got = _events(receiver, endpoint.secret)
    kinds = [kind for kind, _ in got]
    assert kinds[0] == "conversation.logged"
    assert kinds.count("ask.recorded") == 1
    assert kinds.count("lead.created") == 2
    # R3: a contact-lead each and one thank-you for the referrer.
    assert kinds.count("followup.created") == 3 == len(captured.followups)
    convo.refresh_from_db()
    logged = got[0][1]
    assert logged["id"] == convo.pk and logged["outcome"] == "rejected"
    lena = Lead.objects.get(contact__name="Lena Lead")
    lead_data = next(d for k, d in got if k == "lead.created" and d["id"] == lena.pk)
    assert lead_data == json.loads(json.dumps(schemas.lead_out(lena)))
    ask_data = next(d for k, d in got if k == "ask.recorded")
    assert ask_data == json.loads(json.dumps(schemas.ask_out(Ask.objects.get())))
    assert Delivery.objects.filter(status="delivered").count() == len(got) == 7


def test_the_conversation_payload_is_the_apis(
    alice, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        convo = calls.log_conversation(alice, f.contact(alice), Outcome.REJECTED)
    [(kind, data)] = _events(receiver, endpoint.secret)
    expected = schemas.conversation_out(Conversation.objects.get(pk=convo.pk))
    assert (kind, data) == ("conversation.logged", json.loads(json.dumps(expected)))
    assert data["needs_ask"] is True  # R1, as the API says it


def test_updates_and_done_are_announced(
    alice, endpoint, receiver, django_capture_on_commit_callbacks
):
    convo = f.rejection(alice, f.contact(alice))
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()])
    lead = Lead.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        leads.update_lead(alice, lead, status="contacted")
    with django_capture_on_commit_callbacks(execute=True):
        item = followups.add_followup(alice, "Call Lena back")
        followups.mark_done(alice, item)
    got = _events(receiver, endpoint.secret)
    assert ("lead.updated", lead.pk) in [(k, d["id"]) for k, d in got]
    assert [d["status"] for k, d in got if k == "lead.updated"][-1] == "contacted"
    # Contacting the lead closed its contact-lead follow-up: done, too.
    contact_lead = FollowUp.objects.get(lead=lead, kind="contact_lead")
    done = [d["id"] for k, d in got if k == "followup.done"]
    assert contact_lead.pk in done and item.pk in done
    assert ("followup.created", item.pk) in [(k, d["id"]) for k, d in got]


def test_only_the_events_an_endpoint_hears(
    alice, receiver, private_ok, django_capture_on_commit_callbacks
):
    hook = webhooks.add_endpoint(alice, receiver.url, "lead.created")
    convo = f.rejection(alice, f.contact(alice))
    with django_capture_on_commit_callbacks(execute=True):
        calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead()])
    assert [k for k, _ in _events(receiver, hook.secret)] == ["lead.created"]


def test_nothing_is_announced_when_the_change_rolls_back(
    alice, endpoint, receiver, django_capture_on_commit_callbacks
):
    rita = f.contact(alice)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        calls.log_conversation(alice, rita, Outcome.REJECTED)
        raise RuntimeError("the request failed after the write")
    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_disabled_endpoint_and_another_seeker_hear_nothing(
    alice, bob, endpoint, receiver, django_capture_on_commit_callbacks
):
    webhooks.set_enabled(alice, endpoint, False)
    with django_capture_on_commit_callbacks(execute=True):
        calls.log_conversation(alice, f.contact(alice), Outcome.REJECTED)
        calls.log_conversation(bob, f.contact(bob), Outcome.REJECTED)
    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_seeker_without_endpoints_costs_one_query_per_event(
    alice, django_capture_on_commit_callbacks, django_assert_num_queries
):
    rita = f.contact(alice)
    with django_capture_on_commit_callbacks() as callbacks:
        calls.log_conversation(alice, rita, Outcome.REJECTED)
    with django_assert_num_queries(len(callbacks)):
        for callback in callbacks:
            callback()


def test_many_rows_changed_at_once_are_announced_with_one_look_at_the_endpoints(
    alice, endpoint, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parting.webhooks.models import Endpoint

    rita = f.contact(alice)
    items = [followups.add_followup(alice, f"Call {i}", contact=rita) for i in range(12)]
    with django_capture_on_commit_callbacks() as callbacks:
        followups.close_open_for_contact(alice, rita, ("custom",))
    assert len(callbacks) == 1
    Delivery.objects.all().delete()
    with CaptureQueriesContext(connection) as ran:
        callbacks[0]()
    endpoints_table = connection.ops.quote_name(Endpoint._meta.db_table)
    looks = [q for q in ran.captured_queries if q["sql"].startswith("SELECT")]
    assert sum(f"FROM {endpoints_table}" in q["sql"] for q in looks) == 1
    done = Delivery.objects.filter(event="followup.done")
    assert sorted(json.loads(d.body)["data"]["id"] for d in done) == [i.pk for i in items]
