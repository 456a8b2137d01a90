"""A failed delivery is tried again with exponential backoff over about a day, through the
task queue (`run_after`); an endpoint failing for 3 days is disabled and Today says so."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from parting.core.choices import Outcome
from parting.core.domain import calls, webhooks
from parting.tasks.webhooks import deliver
from parting.webhooks import delivery as deliveries
from parting.webhooks.models import Delivery, Endpoint
from tests import factories as f
from tests.conftest import FROZEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """A queue that keeps what is enqueued, with its run_after, for the test to run."""
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"]


@pytest.fixture
def run_next(queue, django_capture_on_commit_callbacks):
    def run(queue, traveller) -> Delivery:
        """Move the clock to the next queued attempt and run it (as a worker would)."""
        result = queue.results.pop(0)
        assert result.task.name == deliver.name
        if result.task.run_after is not None:
            traveller.move_to(result.task.run_after)
        with django_capture_on_commit_callbacks(execute=True):
            deliver.call(*result.args)
        return Delivery.objects.get(pk=result.args[0])

    return run


def _log(alice, callbacks):
    with callbacks(execute=True):
        calls.log_conversation(alice, f.contact(alice), Outcome.REJECTED)


def test_a_500_is_retried_later_then_delivered(
    alice, endpoint, receiver, queue, run_next, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 503, 500]
    with time_machine.travel(FROZEN, tick=False) as traveller:
        _log(alice, django_capture_on_commit_callbacks)
        first = run_next(queue, traveller)
        assert (first.status, first.attempts, first.response_code) == ("retrying", 1, 500)
        assert first.next_attempt_at == FROZEN + dt.timedelta(minutes=5)
        assert queue.results[0].task.run_after == first.next_attempt_at
        assert Endpoint.objects.get().failing_since == FROZEN
        run_next(queue, traveller)
        third = run_next(queue, traveller)
        assert third.next_attempt_at - third.last_attempt_at == dt.timedelta(minutes=20)
        done = run_next(queue, traveller)
    assert (done.status, done.attempts, done.response_code) == ("delivered", 4, 200)
    assert queue.results == []
    assert len(receiver.received) == 4
    # Every attempt is the same message (one webhook-id), signed afresh.
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.headers["webhook-timestamp"] for r in receiver.received}) == 4
    assert Endpoint.objects.get().failing_since is None


def test_backoff_doubles_and_gives_up_after_about_a_day(
    alice, endpoint, receiver, queue, run_next, django_capture_on_commit_callbacks
):
    receiver.answers = [500] * 20
    with time_machine.travel(FROZEN, tick=False) as traveller:
        _log(alice, django_capture_on_commit_callbacks)
        waits = []
        while queue.results:
            row = run_next(queue, traveller)
            if row.next_attempt_at:
                waits.append(row.next_attempt_at - row.last_attempt_at)
    assert waits == [dt.timedelta(minutes=5 * 2**n) for n in range(deliveries.ATTEMPTS - 1)]
    assert (row.status, row.attempts) == ("failed", deliveries.ATTEMPTS)
    assert dt.timedelta(hours=20) < row.last_attempt_at - FROZEN < dt.timedelta(hours=26)
    # A day of failure is not three: the endpoint stays on.
    assert Endpoint.objects.get().enabled


def test_an_unreachable_receiver_is_a_failure_too(alice, receiver, private_ok, queue):
    closed = webhooks.add_endpoint(alice, "http://127.0.0.1:9/nobody-listens", "all")
    row = webhooks.send_test(alice, closed, wait=True)
    assert row.status == "failed" and row.response_code is None
    assert row.error == "connection refused"


def test_failing_for_three_days_disables_and_today_says_so(
    alice, alice_client, endpoint, receiver, queue, run_next, django_capture_on_commit_callbacks
):
    receiver.answers = [500] * 100
    with time_machine.travel(FROZEN, tick=False) as traveller:
        _log(alice, django_capture_on_commit_callbacks)
        while queue.results:
            run_next(queue, traveller)
        traveller.move_to(FROZEN + dt.timedelta(days=2, hours=23))
        _log(alice, django_capture_on_commit_callbacks)
        run_next(queue, traveller)
        assert Endpoint.objects.get().enabled  # not yet three days
        traveller.move_to(FROZEN + dt.timedelta(days=3, minutes=1))
        queue.results.clear()
        _log(alice, django_capture_on_commit_callbacks)
        last = run_next(queue, traveller)
    hook = Endpoint.objects.get()
    assert not hook.enabled and hook.disabled_by_failure
    assert last.status == "failed"
    assert not Delivery.objects.filter(status__in=["pending", "retrying"]).exists()
    page = alice_client.get(reverse("today")).content.decode()
    assert "webhook endpoint was disabled" in page and endpoint.url in page
    # Disabled, it hears nothing more; enabled again, Today's notice goes.
    _log(alice, django_capture_on_commit_callbacks)
    assert queue.results == []
    webhooks.set_enabled(alice, hook, True)
    assert (
        "webhook endpoint was disabled" not in alice_client.get(reverse("today")).content.decode()
    )


def test_a_success_in_between_starts_the_three_days_again(
    alice, endpoint, receiver, queue, run_next, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 200, 500]
    with time_machine.travel(FROZEN, tick=False) as traveller:
        _log(alice, django_capture_on_commit_callbacks)
        run_next(queue, traveller)
        run_next(queue, traveller)  # delivered
        traveller.move_to(FROZEN + dt.timedelta(days=4))
        queue.results.clear()
        _log(alice, django_capture_on_commit_callbacks)
        run_next(queue, traveller)
    hook = Endpoint.objects.get()
    assert hook.enabled and hook.failing_since == FROZEN + dt.timedelta(days=4)
