"""/healthz: the database and the queue, for load balancers; public, no session, cheap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.queue import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PARTING_HEALTH_MAX_WAIT = 300


def test_healthy_is_200_with_what_was_checked(
    client, database_queue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "database": "ok",
        "queue": {"backend": "database", "oldest_wait_seconds": None, "max_wait_seconds": 300},
    }
    assert "Set-Cookie" not in response.headers


def test_a_task_waiting_a_little_is_healthy(client, database_queue):
    tasks.noop.enqueue()
    body = client.get("/healthz").json()
    assert body["ok"] is True
    assert 0 <= body["queue"]["oldest_wait_seconds"] < 60


def test_a_task_waiting_past_the_limit_is_503(client, database_queue):
    tasks.noop.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["queue"]["error"].startswith("the oldest task has waited 36")


def test_a_task_deferred_until_later_is_not_waiting(client, database_queue):
    tasks.noop.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    assert client.get("/healthz").status_code == 200


def test_a_database_that_does_not_answer_is_503(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused\nIs the server running?")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable: connection refused"


def test_the_immediate_queue_has_nothing_to_wait_for(client):
    body = client.get("/healthz").json()
    assert body["ok"] is True and body["queue"]["backend"] == "immediate"
