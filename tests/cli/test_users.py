"""`parting user create`, `parting demo`, and who the CLI acts as (R9)."""

from __future__ import annotations

import sys
import types

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_user_create_reads_the_password_from_stdin(run):
    result = run("user", "create", "Alice@Example.com", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.code == 0, result.err
    user = get_user_model().objects.get()
    assert result.out == f"Created account #{user.pk}: alice@example.com\n"
    assert user.check_password(PASSWORD)
    assert PASSWORD not in result.out + result.err


def test_user_create_json(run):
    result = run("user", "create", "a@example.com", "--password-stdin", "--json", stdin=PASSWORD)
    user = get_user_model().objects.get()
    assert result.json() == {"id": user.pk, "email": "a@example.com"}


def test_user_create_prompts_twice_at_a_terminal(run):
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    result = run("user", "create", "a@example.com", stdin=typed, interactive=True)
    assert result.code == 0, result.err
    assert get_user_model().objects.get().check_password(PASSWORD)


def test_user_create_with_differing_passwords_is_refused(run):
    typed = f"{PASSWORD}\n{PASSWORD}!\n"
    result = run("user", "create", "a@example.com", stdin=typed, interactive=True)
    assert (result.code, result.err) == (2, "parting: the two passwords differ\n")
    assert PASSWORD not in result.out
    assert not get_user_model().objects.exists()


def test_user_create_not_at_a_terminal_needs_password_stdin(run):
    result = run("user", "create", "a@example.com")
    assert_one_line_error(result, 2)
    assert result.err == "parting: use --password-stdin when not at a terminal\n"
    assert not get_user_model().objects.exists()


def test_weak_password_gives_the_validator_message(run):
    result = run("user", "create", "a@example.com", "--password-stdin", stdin="12345\n")
    assert_one_line_error(result, 2)
    assert "too short" in result.err
    assert not get_user_model().objects.exists()


def test_bad_email_and_duplicate_account(run, alice):
    assert_one_line_error(run("user", "create", "nope", "--password-stdin", stdin=PASSWORD), 2)
    dup = run("user", "create", "alice@example.com", "--password-stdin", stdin=PASSWORD)
    assert_one_line_error(dup, 1)
    assert get_user_model().objects.count() == 1


def test_demo_prints_how_to_sign_in(run, monkeypatch):
    def load_demo(stdout):
        stdout.write("Loading the demo…\n")
        user = get_user_model().objects.create_user("demo@example.com", password="demo-pass-1")
        return user.username, "demo-pass-1"

    fake = types.ModuleType("parting.demo.story")
    fake.load_demo = load_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "parting.demo.story", fake)
    result = run("demo")
    assert result.code == 0, result.err
    assert result.lines == [
        "Loading the demo…",
        "Demo data loaded. Run `parting serve`, then sign in:",
        "  http://127.0.0.1:8000/login/",
        "  email     demo@example.com",
        "  password  demo-pass-1",
    ]


# -- who the CLI acts as (R9) -------------------------------------------------------------


def test_with_one_account_no_user_is_needed(run, alice):
    assert run("contact", "add", "Rita").code == 0


def test_with_two_accounts_user_is_required(run, alice, bob):
    result = run("contact", "list")
    assert_one_line_error(result, 2)
    assert "--user" in result.err


def test_user_may_come_from_parting_user_or_after_the_command(run, alice, bob):
    f.contact(alice, "Rita Recruiter")
    env = {"PARTING_USER": "alice@example.com"}
    assert "Rita Recruiter" in run("contact", "list", environ=env).out
    assert "Rita Recruiter" in run("contact", "list", "--user", "alice@example.com").out
    assert run("--user", "bob@example.com", "contact", "list").out == "No contacts.\n"


def test_unknown_user_is_not_found(run, alice):
    assert_one_line_error(run("--user", "mallory@example.com", "contact", "list"), 1)


def test_r9_bob_cannot_see_or_touch_alices_records(run, alice, bob, frozen):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    convo = f.rejection(alice, rita)
    run("--user", "alice@example.com", "lead", "add", "Lena Lead", "--from", str(rita.pk))
    alice_lead = run("--user", "alice@example.com", "lead", "list", "--json").json()[0]
    alice_followup = run("--user", "alice@example.com", "due", "--on", "2026-03-31", "--json")
    followup_id = str(alice_followup.json()[0]["id"])
    before = counts()
    as_bob = ("--user", "bob@example.com")
    attempts = [
        ("log", str(rita.pk), "--outcome", "rejected"),
        ("log", "Rita Recruiter", "--outcome", "rejected"),
        ("ask", str(convo.pk), "--question", "same_company", "--response", "declined"),
        ("lead", "add", "Max", "--from", str(rita.pk)),
        ("lead", "set", str(alice_lead["id"]), "--status", "won"),
        ("lead", "set", "Lena Lead", "--status", "won"),
        ("followup", "add", "Spy", "--contact", str(rita.pk)),
        ("done", followup_id),
        ("snooze", followup_id, "3"),
    ]
    for args in attempts:
        assert_one_line_error(run(*as_bob, *args), 1)
    assert counts() == before
    assert run(*as_bob, "contact", "list", "--json").json() == []
    assert run(*as_bob, "lead", "list", "--json").json() == []
    assert run(*as_bob, "due", "--on", "2026-03-31", "--json").json() == []


def test_demo_with_the_real_data_set(run, frozen):
    pytest.importorskip("parting.demo.story")
    result = run("demo", "--json")
    assert result.code == 0, result.err
    data = result.json()
    user = get_user_model().objects.get(username=data["email"])
    assert user.check_password(data["password"])
    assert data["url"] == "http://127.0.0.1:8000/login/"
