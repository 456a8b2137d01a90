"""Site staff see failed tasks, with why, in the Django admin; seekers do not."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from parting.queue import worker
from tests.queue import tasks

pytestmark = pytest.mark.django_db

FAILED = "/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED"


@pytest.fixture
def failed_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tasks.fail.enqueue("the mail server refused")
    found = worker.claim("w")
    worker.record(found, *worker.execute(found))
    return DBTaskResult.objects.get()


def test_staff_see_the_failed_task_and_its_traceback(client, alice, failed_task):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    listing = client.get(FAILED)
    assert listing.status_code == 200
    assert b"fail" in listing.content and str(failed_task.pk).encode() in listing.content
    page = client.get(f"/admin/django_tasks_database/dbtaskresult/{failed_task.pk}/change/")
    assert page.status_code == 200
    assert b"ValueError: the mail server refused" in page.content


def test_a_seeker_is_sent_to_the_admin_sign_in(alice_client, failed_task):
    response = alice_client.get(FAILED)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
