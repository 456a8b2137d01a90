"""`parting restore` refuses a bad backup in one line before asking anything (issue 9, item 11);
a database that stays locked is one line with exit 1 (item 12)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError

from parting.core.models import Contact
from parting.data import backup
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


def test_the_cli_answers_one_line_with_exit_2_and_asks_nothing(run, alice, bob, tmp_path):
    f.contact(alice, "Rita Recruiter")
    f.contact(bob, "Bob's own contact")
    data = json.loads(backup.dumps(backup.backup(alice)))
    data["models"]["core.Contact"][0]["name"] = "x" * 201
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data))
    result = run("restore", str(path), "--replace", "--user", "bob@example.com")
    assert_one_line_error(result, 2)
    assert result.err == (
        "parting: Nothing restored: Contact row 1, field name: "
        "Ensure this value has at most 200 characters (it has 201).\n"
    )
    assert Contact.objects.for_user(bob).get().name == "Bob's own contact"


def test_the_cli_says_busy_in_one_line_with_exit_1(run, alice, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("parting.core.domain.network.create_contact", locked)
    result = run("contact", "add", "Rita Recruiter")
    assert_one_line_error(result, 1)
    assert result.err == "parting: the database is busy, try again in a moment\n"
