"""schemathesis against /api/v1/openapi.json, in-process: every route and method, with
alice's read-write token, on data shaped like a real account.

Each case must answer without a server error, with a status code the description declares,
the content type and body it declares, and with the input checks the description implies:
input outside the schema is refused (400/422), input within it is not refused as malformed.
A value the schema allows but a rule refuses (an email that is not one, a gave_lead ask with
no lead, a referrer not yours) is a 422 or a 404, as the issue's contract says."""

from __future__ import annotations

import json
from ipaddress import ip_address
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from parting.api.main import api
from parting.core.choices import Archetype, Outcome, Response
from parting.core.domain import (
    calls,
    followups,
    network,
    question_bank,
    sharing,
    tokens,
    webhooks,
)
from parting.core.domain.leads import LeadInput
from parting.core.models import Lead
from parting.webhooks import targets
from tests import factories as f

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {
            "checks": {
                # A rule past the schema refuses a schema-valid value with 422 (or 404 for
                # an id that is not yours); never with 400, which says "malformed".
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
                }
            }
        }
    ),
)
EXAMPLES = 8

# Which of alice's rows (keys of the R9 walk's `world`) a path's id names.
ROWS = {
    "/contacts/": "contact",
    "/companies/": "company",
    "/openings/": "opening",
    "/conversations/": "open_conversation",
    "/asks/": "ask",
    "/questions/": "question",
    "/leads/": "lead",
    "/followups/": "followup",
    "/webhooks/": "webhook",
}


@pytest.fixture
def secret(alice):
    return tokens.create_token(alice, "schemathesis").secret


def small_world(alice: Any) -> dict[str, int]:
    """One of each of alice's rows a route names, made through the domain."""
    company = network.create_company(alice, "Zanzibar Widgets", industry="zeppelin parts")
    quentin = f.contact(alice, "Quentin Quibble", company.name, email="q@zanzibar.example")
    f.contact(alice, "Rita Recruiter", company.name)
    opening = network.create_opening(alice, company, "Chief Zeppelin Officer")
    question = question_bank.add_question(alice, "Who else here, {company}?", Archetype.CUSTOM)
    conversation = calls.log_conversation(alice, quentin, Outcome.REJECTED, company=company)
    ask = calls.record_ask(
        alice, conversation, question, Response.GAVE_LEAD, [LeadInput(name="Lemuel Lemonade")]
    ).ask
    webhook = webhooks.add_endpoint(alice, "https://hooks.zanzibar.example/in", "all")
    return {
        "company": company.pk,
        "contact": quentin.pk,
        "opening": opening.pk,
        "question": question.pk,
        "open_conversation": calls.log_conversation(alice, quentin, Outcome.REJECTED).pk,
        "ask": ask.pk,
        "lead": Lead.objects.for_user(alice).get(ask=ask).pk,
        "followup": followups.add_followup(alice, "Feed the walrus", contact=quentin).pk,
        "webhook": webhook.pk,
    }


@pytest.fixture
def rows(alice, bob, secret, settings, monkeypatch):
    """Alice's rows, bob sharing with her in full (so her coach routes have a seeker), a
    cursor each list gave, and requests through the WSGI app kept inside the test's
    transaction (Django's test client does the same)."""
    settings.PARTING_API_RATE_LIMIT = 10**9
    # Endpoint URLs name made-up hosts: each resolves at once, to a public address.
    monkeypatch.setattr(targets, "resolve", lambda host, port: [ip_address("93.184.215.14")])
    world = small_world(alice)
    sharing.open_share(bob, alice, "full", None)
    f.rejection(bob, f.contact(bob, "Bert Bobson", "Bob Co"))
    reader = Client(headers={"Authorization": f"Bearer {secret}"})
    cursors = {
        path: reader.get(path, {"limit": 1}).json().get("next_cursor")
        for path, methods in schema.raw_schema["paths"].items()
        if "{" not in path
        and any(p["name"] == "cursor" for p in methods.get("get", {}).get("parameters", []))
    }
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {
        **world,
        "seeker": bob.pk,
        "cursors": cursors,
    }
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_description_is_the_one_served(db):
    served = Client().get("/api/v1/openapi.json").json()
    assert served == json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert schema.raw_schema == served


def _negative(case: Any, where: ParameterLocation | None = None) -> bool:
    """Whether schemathesis made this case (or its part `where`) to break the schema."""
    meta = case.meta
    if meta is None:
        return False
    return meta.is_negative_at(where) if where else meta.generation.mode.is_negative


def aim(case: Any, rows: dict[str, Any], secret: str) -> None:
    """A positive case names alice's real rows and a cursor its list gave: a random id is
    only ever not found, and a cursor is opaque (any other is refused, and negative cases
    send those)."""
    if _negative(case):
        return
    path = case.operation.path.removeprefix("/api/v1")
    for name in list(case.path_parameters or {}):
        kind = (
            "seeker"
            if name == "seeker_id"
            else next((v for k, v in ROWS.items() if path.startswith(k)), None)
        )
        if kind is not None:
            case.path_parameters[name] = rows[kind]
    if case.query and "cursor" in case.query:
        cursor = rows["cursors"].get(case.operation.path)
        if cursor:
            case.query["cursor"] = cursor
        else:
            del case.query["cursor"]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_route_keeps_to_its_description(case, rows, secret):
    aim(case, rows, secret)
    # A case whose headers break the schema goes without the token, as generated.
    token = (
        {} if _negative(case, ParameterLocation.HEADER) else {"Authorization": f"Bearer {secret}"}
    )
    case.call_and_validate(headers=token)
