"""Accounts and the first-run sign-in link."""

import pytest
from django.contrib.auth import get_user_model

from parting.core.domain import accounts
from parting.core.domain.errors import Conflict, Invalid, NotFound

pytestmark = pytest.mark.django_db


def test_create_user_refuses_weak_password_and_saves_nothing():
    with pytest.raises(Invalid, match="password"):
        accounts.create_user("dana@example.com", "123")
    assert not get_user_model().objects.exists()


def test_create_user_refuses_duplicate_email(alice):
    with pytest.raises(Conflict):
        accounts.create_user("ALICE@example.com", "another long passphrase")


def test_resolve_user_needs_a_choice_when_several_accounts(alice, bob):
    with pytest.raises(Invalid, match="several accounts") as refused:
        accounts.resolve_user(None)
    assert refused.value.code == "several_accounts"  # the CLI adds "--user EMAIL"
    assert accounts.resolve_user("bob@example.com") == bob
    with pytest.raises(NotFound):
        accounts.resolve_user("nobody@example.com")


def test_setup_token_creates_the_first_account_once(client):
    token = accounts.issue_setup_token()
    assert accounts.setup_token_valid(token)
    user = accounts.redeem_setup_token(token, "owner@example.com", "a long enough passphrase")
    assert user.check_password("a long enough passphrase")
    assert not accounts.setup_token_valid(token)
    with pytest.raises(Invalid):
        accounts.redeem_setup_token(token, "second@example.com", "a long enough passphrase")


def test_setup_page_with_wrong_token_is_404(client):
    accounts.issue_setup_token()
    assert client.get("/setup/?token=wrong").status_code == 404


def test_setup_page_creates_account_and_signs_in(client):
    token = accounts.issue_setup_token()
    response = client.post(
        "/setup/",
        {
            "token": token,
            "email": "owner@example.com",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_setup_page_keeps_what_was_typed_on_mismatch(client):
    token = accounts.issue_setup_token()
    response = client.post(
        "/setup/",
        {
            "token": token,
            "email": "owner@example.com",
            "password": "a long enough passphrase",
            "password_again": "different",
        },
    )
    assert response.status_code == 200
    assert b"owner@example.com" in response.content
    assert b"The two passwords differ" in response.content
    assert not get_user_model().objects.exists()


def test_login_page_without_any_account_explains_first_run(client):
    response = client.get("/login/")
    assert b"no account yet" in response.content.lower()
