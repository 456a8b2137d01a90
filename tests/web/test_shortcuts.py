"""The web door's one way to fetch a seeker's row (else 404, R9) and to show a domain refusal."""

from __future__ import annotations

import pytest
from django import forms
from django.http import Http404

from parting.core.domain.bounds import MAX_ID
from parting.core.domain.errors import Conflict, Invalid
from parting.core.models import Contact, Question
from parting.web.shortcuts import add_domain_error, optional_owned, owned_or_404
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_r9_owned_or_404_gives_only_the_users_own_row(alice, bob):
    rita = f.contact(alice, "Rita", "Acme")
    assert owned_or_404(Contact, alice, rita.pk) == rita
    assert owned_or_404(Contact.objects, alice, str(rita.pk), "company").company.name == "Acme"
    assert owned_or_404(Contact.objects.filter(name="Rita"), alice, rita.pk) == rita
    for user, raw in [(bob, rita.pk), (alice, "x"), (alice, ""), (alice, None), (alice, "-1")]:
        with pytest.raises(Http404):
            owned_or_404(Contact, user, raw)


@pytest.mark.parametrize("raw", [str(MAX_ID + 1), "9" * 40, "²", "١"])
def test_ids_no_database_can_hold_are_not_found(alice, raw):
    with pytest.raises(Http404):
        owned_or_404(Question, alice, raw)


def test_optional_owned_is_none_when_nothing_was_asked(alice, bob):
    rita = f.contact(alice, "Rita")
    assert (
        optional_owned(Contact, alice, "") is None and optional_owned(Contact, alice, None) is None
    )
    assert optional_owned(Contact, alice, str(rita.pk)) == rita
    with pytest.raises(Http404):
        optional_owned(Contact, bob, str(rita.pk))


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_domain_error_lands_on_its_field_or_above_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    add_domain_error(form, Invalid("name taken", field="name"))
    add_domain_error(form, Conflict("something else", field="nope"))
    assert form.errors["name"] == ["Name taken."]  # beside its field: a sentence
    add_domain_error(form, Invalid("phone: 'call me'", field="name", plain="not a phone"))
    assert form.errors["name"] == ["Name taken.", "Not a phone."]  # plain words, no value
    add_domain_error(form, Invalid("x.csv, line 2: bad", field="name"))
    assert form.errors["name"][-1] == "x.csv, line 2: bad"  # a name stays as it is written
    assert form.non_field_errors() == ["something else"]


def test_the_web_writes_its_own_hint_not_a_cli_flag():
    form = NameForm({"name": "x"})
    form.is_valid()
    add_domain_error(form, Conflict("the account is not empty", code="account_not_empty"))
    [error] = form.non_field_errors()
    assert "--replace" not in error and "Replace everything" in error
