"""Hypothesis over every form and every CLI command that takes text, dates or ids.

Whatever is typed, posted or passed, the answer is a page or a one-line error: never a 500,
never a traceback. Examples are few and derandomised so the run is quick and repeatable.
"""

from __future__ import annotations

import argparse
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parting.cli.env import Environment
from parting.cli.main import build_parser, main
from parting.core.choices import Response
from parting.core.domain import calls, followups
from parting.core.domain.leads import LeadInput
from parting.core.models import Question
from parting.web.converters import IdConverter
from tests import factories as f

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "Ze\u200bta",
    "x" * 5000,
    "99999999999999999999999",
    str(2**63),
    "-1",
    "0",
    "²",
    "١٢",
    "1e309",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:30",
    "2026-02-30",
    "1899-12-31",
    "2201-01-01 00:00",
    "now",
    "%",
    "_",
    "'; DROP TABLE x;--",
    "<script>alert(1)</script>",
    "＝1+1",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    # Surrogates cannot be sent as UTF-8, so no browser or shell hands them over.
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
)


@pytest.fixture
def world(alice):
    """One of each row, so pages with ids and forms with choices have something to show."""
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    convo = f.rejection(alice, rita)
    calls.record_ask(
        alice, convo, Question.objects.for_user(alice).first(), Response.GAVE_LEAD,
        leads=[LeadInput(name="Lena Lead", company="Globex")],
    )  # fmt: skip
    followups.add_followup(alice, "Call back", contact=rita)
    return alice


# -- the web -------------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: action and field names (with a value when one is given)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = {}
            self.forms.append((a.get("action", ""), self.current))
        elif self.current is not None and tag in {"input", "textarea", "select"}:
            name = a.get("name", "")
            if name and a.get("type") != "submit" and name != "csrfmiddlewaretoken":
                self.current[name] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def _page_urls(user: Any) -> list[str]:
    """Every parting page without a key in its path, and every page keyed by one of the ids."""
    from parting.core.models import Company, Contact, Conversation, FollowUp, Lead

    ids = [
        m.objects.for_user(user).values_list("pk", flat=True).first()
        for m in (Contact, Company, Conversation, FollowUp, Lead, Question)
    ]
    urls = []

    def walk(patterns: list[Any]) -> None:
        for item in patterns:
            if isinstance(item, URLResolver):
                walk(item.url_patterns)
            elif isinstance(item, URLPattern) and item.name:
                module = getattr(item.callback, "__module__", "")
                converters = getattr(item.pattern, "converters", {})
                if not module.startswith("parting.web"):
                    continue
                if not converters:
                    urls.append(reverse(item.name))
                elif all(isinstance(c, IdConverter) for c in converters.values()):
                    for pk in {i for i in ids if i}:
                        urls.append(reverse(item.name, kwargs=dict.fromkeys(converters, pk)))

    walk(get_resolver().url_patterns)
    return urls


def _forms(client: Any, user: Any) -> dict[tuple[str, tuple[str, ...]], dict[str, str]]:
    found: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}
    for url in _page_urls(user):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        for action, fields in parser.forms:
            target = action or url
            if "logout" in target or not fields:
                continue
            found.setdefault((target, tuple(sorted(fields))), fields)
    return found


def test_no_posted_form_gives_a_500(alice_client, world):
    forms = _forms(alice_client, world)
    assert len(forms) > 15, sorted(forms)
    for (target, names), defaults in sorted(forms.items()):
        _fuzz_form(alice_client, target, {n: defaults[n] for n in names})


def _fuzz_form(client: Any, target: str, defaults: dict[str, str]) -> None:
    fields = {n: st.one_of(st.just(v), TEXT) for n, v in defaults.items()}

    @FUZZ
    @given(st.fixed_dictionaries(fields))
    def post(data: dict[str, str]) -> None:
        response = client.post(target, data)
        assert response.status_code < 500, (target, data)

    post()


@FUZZ
@given(q=TEXT, ids=st.lists(TEXT, max_size=3), when=TEXT)
def test_no_query_string_gives_a_500(alice_client, world, q, ids, when):
    for name in ("contact_list", "company_list", "opening_list", "conversation_list", "call"):
        assert alice_client.get(reverse(name), {"q": q}).status_code < 500
    call = reverse("call")
    for key in ("contact", "conversation"):
        assert alice_client.get(call, {key: q}).status_code < 500
    assert alice_client.get(reverse("insights_funnel"), {"week": when}).status_code < 500
    assert (
        alice_client.post(reverse("followup_bulk"), {"ids": ids, "action": "done"}).status_code
        < 500
    )


# -- the command line ----------------------------------------------------------

# Commands that serve, migrate, reach the network or write files named on the command line.
SKIP = {"serve", "worker", "migrate", "demo", "mail", "backup", "export", "webhook"}


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple]:
    """Every runnable command as (words, value-taking arguments)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = []
            for name, sub in action.choices.items():
                if not path and name in SKIP:
                    continue
                found += _leaves(sub, (*path, name))
            return found
    takes = [
        a
        for a in parser._actions
        if a.nargs != 0
        and not isinstance(a, argparse._HelpAction)
        and "--user" not in a.option_strings
        and "--output" not in a.option_strings
        and a.dest not in {"password_stdin"}
    ]
    return [(path, takes)]


def _env() -> Environment:
    return Environment(
        stdin=io.StringIO(""), stdout=io.StringIO(), stderr=io.StringIO(), interactive=False,
        environ={"PARTING_DEBUG": "1"},
    )  # fmt: skip


def _value(action: argparse.Action) -> st.SearchStrategy[str]:
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]), TEXT)
    return TEXT


LEAVES = _leaves(build_parser(_env()))


def test_the_cli_walk_finds_the_commands():
    names = {" ".join(words) for words, _ in LEAVES}
    assert {"contact add", "log", "followup add", "snooze", "due", "lead set"} <= names


@pytest.mark.parametrize("words,takes", LEAVES, ids=[" ".join(w) for w, _ in LEAVES])
def test_no_command_gives_a_traceback(world, words, takes):
    strategies = [_value(a).map(lambda v, a=a: (a, v)) for a in takes]

    @FUZZ
    @given(st.tuples(*strategies) if strategies else st.just(()))
    def run(values: tuple) -> None:
        argv = [*words]
        for action, value in values:
            if action.option_strings:
                argv += [action.option_strings[-1], value]
            elif action.nargs in ("*", "+", argparse.REMAINDER):
                argv += ["--", value] if value.startswith("-") else [value]
            else:
                argv.append(value)
        argv = [a.replace("\x00", "") for a in argv]  # no shell can pass a NUL
        env = _env()
        code = main(argv, env)
        err = env.stderr.getvalue()
        assert code in {0, 1, 2}, (argv, code, err)
        assert "Traceback" not in err and "unexpected" not in err, (argv, err)
        assert "database error" not in err, (argv, err)

    run()
