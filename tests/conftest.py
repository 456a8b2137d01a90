"""Standing users: alice owns the data, bob is a second seeker, charlie an outsider."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.utils import timezone

from parting.core.domain.accounts import create_user

PASSWORD = "correct horse battery staple"

# A Wednesday, mid-morning UTC: business-day arithmetic is easy to read from here.
FROZEN = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Argon2 is deliberately slow; tests don't need it to be (production settings keep it)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Tasks run inside the call that enqueues them; tests/queue runs real workers."""
    from django.test import override_settings

    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        yield


@pytest.fixture(autouse=True)
def _forget_remembered_results():
    """Each test starts with an empty cache: ids and stamps rolled back may come round again."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return create_user("alice@example.com", PASSWORD, name="Alice Archer")


@pytest.fixture
def bob(db):
    return create_user("bob@example.com", PASSWORD, name="Bob Baker")


@pytest.fixture
def charlie(db):
    return create_user("charlie@example.com", PASSWORD, name="Charlie Cole")


@pytest.fixture
def frozen():
    """Freeze the clock at FROZEN (Wednesday 4 March 2026, 10:00 UTC)."""
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def charlie_client(client, charlie):
    client.force_login(charlie)
    return client


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"parting: database engine {engine}; PARTING_HOME={os.environ.get('PARTING_HOME')}"


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def coach(db):
    """A career coach's account; `shared` gives it a numbers share of alice, full of bob."""
    return create_user("coach@example.com", PASSWORD, name="Cora Coach")


@pytest.fixture
def shared(alice, bob, coach):
    """The coach reads alice's numbers and all of bob's (read-only)."""
    from parting.core.domain.sharing import open_share

    return {
        "alice": open_share(alice, coach, "numbers", None),
        "bob": open_share(bob, coach, "full", None),
    }


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client
