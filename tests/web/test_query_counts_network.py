"""Every list page runs a bounded number of SQL queries, whatever the data size (DESIGN.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.choices import Outcome, Response
from parting.core.models import Ask, Company, Contact, Conversation, Opening

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _companies(user, n, start=0):
    group = Company.objects.create(owner=user, name=f"Group {start}")
    return Company.objects.bulk_create(
        Company(owner=user, name=f"Company {start + i:04}", parent=group, industry="Rockets")
        for i in range(n)
    )


def _contacts(user, n, start=0):
    companies = _companies(user, 3, start)
    return Contact.objects.bulk_create(
        Contact(
            owner=user,
            name=f"Person {start + i:04}",
            company=companies[i % 3],
            phone="+12015550123",
            holds_my_number=i % 2 == 0,
        )
        for i in range(n)
    )


def _openings(user, n, start=0):
    companies = _companies(user, 3, start)
    return Opening.objects.bulk_create(
        Opening(owner=user, company=companies[i % 3], title=f"Job {start + i}") for i in range(n)
    )


def _conversations(user, n, start=0):
    contacts = _contacts(user, 5, start)
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    made = Conversation.objects.bulk_create(
        Conversation(
            owner=user,
            contact=contacts[i % 5],
            company=contacts[i % 5].company,
            at=at - dt.timedelta(hours=i),
            outcome=Outcome.REJECTED if i % 2 else Outcome.ADVANCED,
        )
        for i in range(n)
    )
    Ask.objects.bulk_create(
        Ask(owner=user, conversation=c, response=Response.DECLINED) for c in made[::4]
    )
    return made


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("company_list", _companies),
        ("contact_list", _contacts),
        ("opening_list", _openings),
        ("opening_board", _openings),
        ("conversation_list", _conversations),
    ],
)
def test_list_pages_run_the_same_queries_at_10_and_200_rows(alice_client, alice, name, make):
    url = reverse(name)
    _queries(alice_client, url)  # first visit: profile and session settle
    make(alice, 10)
    at_10 = _queries(alice_client, url)
    make(alice, 190, start=1000)
    at_200 = _queries(alice_client, url)
    assert at_200 == at_10
    assert at_10 <= 12
