"""Calls recorded on the phone without a network, sent when it is back (the offline call page).

A capture is one conversation, with its parting question and leads when there was one. The
phone gives each capture an id (a UUID) and may send it any number of times: the first send
records it through the same domain calls as the web call page (R1-R5 hold), every later send
finds it by that id and reports the same result. A capture that cannot be recorded (its
contact was deleted meanwhile, a lead was already given) changes nothing, and the phone keeps
it for the seeker to resolve.

The API and the CLI send captures through `send`: the same parsing and recording, and, as
they have no phone to keep a conflict, it is kept here (state `conflict`, with the payload and
why) until `resolve` records it or `discard` forgets it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from parting.core.choices import Channel, Kind, Outcome, Permission, Response
from parting.core.domain import calls, network
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import Conflict, DomainError, Invalid, NotFound
from parting.core.domain.leads import LeadInput
from parting.core.domain.types import User
from parting.core.models import Capture, Contact, Conversation, Question

MAX_LEADS = 20
MAX_NAME = 200
MAX_NOTE = 10_000


@dataclass
class AskInput:
    question: int | None
    response: str
    leads: list[LeadInput] = field(default_factory=list)


@dataclass
class CaptureInput:
    """One call as the phone recorded it: the contact by id, or a new one by name."""

    client_id: uuid.UUID
    outcome: str
    contact: int | None = None
    new_contact: str = ""
    new_company: str = ""
    kind: str = Kind.PHONE_SCREEN
    channel: str = Channel.PHONE
    at: dt.datetime | None = None
    opening: str = ""
    note: str = ""
    ask: AskInput | None = None


# -- reading what the phone sent -----------------------------------------------


def parse(data: Any) -> CaptureInput:
    """A capture from its JSON form, checked field by field: one clear error for the first
    thing wrong."""
    if not isinstance(data, dict):
        raise Invalid("a capture is a JSON object")
    client_id = _uuid(data.get("id"))
    contact = data.get("contact")
    new = data.get("new_contact")
    if contact is not None and new is not None:
        raise Invalid("give the contact's id or a new contact, not both", field="contact")
    capture = CaptureInput(client_id=client_id, outcome=_choice(data, "outcome", Outcome))
    if new is not None:
        if not isinstance(new, dict):
            raise Invalid("new_contact is an object with a name", field="new_contact")
        capture.new_contact = _text(new, "name", MAX_NAME)
        capture.new_company = _text(new, "company", MAX_NAME)
        if not capture.new_contact.strip():
            raise Invalid("the new contact needs a name", field="new_contact")
    elif contact is None:
        raise Invalid("a capture names its contact: an id or a new contact", field="contact")
    else:
        capture.contact = _id(contact, "contact")
    capture.kind = _choice(data, "kind", Kind, Kind.PHONE_SCREEN)
    capture.channel = _choice(data, "channel", Channel, Channel.PHONE)
    capture.at = _time(data.get("at"))
    capture.opening = _text(data, "opening", MAX_NAME)
    capture.note = _text(data, "note", MAX_NOTE)
    if data.get("ask") is not None:
        capture.ask = _ask(data["ask"])
    return capture


def _ask(data: Any) -> AskInput:
    if not isinstance(data, dict):
        raise Invalid("ask is an object with a response", field="ask")
    question = data.get("question")
    leads = data.get("leads") or []
    if not isinstance(leads, list):
        raise Invalid("leads is a list", field="leads")
    if len(leads) > MAX_LEADS:
        raise Invalid(f"at most {MAX_LEADS} leads per call, not {len(leads)}", field="leads")
    return AskInput(
        question=None if question is None else _id(question, "question"),
        response=_choice(data, "response", Response),
        leads=[_lead(item) for item in leads],
    )


def _lead(data: Any) -> LeadInput:
    if not isinstance(data, dict):
        raise Invalid("each lead is an object with a name", field="leads")
    thanked = data.get("thanked", False)
    if not isinstance(thanked, bool):
        raise Invalid("a lead's thanked is true or false", field="thanked")
    lead = LeadInput(
        name=_text(data, "name", MAX_NAME),
        company=_text(data, "company", MAX_NAME),
        note=_text(data, "note", MAX_NOTE),
        permission=_choice(data, "permission", Permission, Permission.NOT_ASKED),
        thanked=thanked,
    )
    lead.validate()
    return lead


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value)) if isinstance(value, str) and len(value) <= 64 else _no_id()
    except ValueError:
        return _no_id()


def _no_id() -> uuid.UUID:
    raise Invalid("a capture needs its id, a UUID the phone made", field="id")


def _id(value: Any, name: str) -> int:
    number = (
        parse_id(value) if isinstance(value, int | str) and not isinstance(value, bool) else None
    )
    if number is None:
        raise Invalid(f"{name} is an id (a whole number), not {str(value)[:40]!r}", field=name)
    return number


def _text(data: dict[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{name} is text", field=name)
    if len(value) > limit:
        raise Invalid(f"{name} is longer than {limit} characters", field=name)
    return value.replace("\x00", "").strip()


def _choice(data: dict[str, Any], name: str, choices: Any, default: str | None = None) -> str:
    value = data.get(name)
    if value is None or value == "":
        if default is None:
            raise Invalid(f"{name} is missing", field=name)
        return default
    if not isinstance(value, str) or value not in choices.values:
        allowed = ", ".join(choices.values)
        raise Invalid(f"{name} must be one of {allowed}, not {str(value)[:40]!r}", field=name)
    return value


def _time(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"at is a time like 2026-03-01T14:30:00Z, not {str(value)[:40]!r}", field="at"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


# -- recording it --------------------------------------------------------------


RECORDED = "recorded"
CONFLICT = "conflict"


def record(user: User, data: CaptureInput) -> Capture:
    """Record a capture once. A second send of the same id returns the first one's record and
    changes nothing; so does a send racing another of the same id (the unique constraint)."""
    return record_once(user, data)[0]


def record_once(user: User, data: CaptureInput) -> tuple[Capture, bool]:
    """`record`, saying whether this send recorded it (False: an earlier send had). A
    capture kept as a conflict is tried again, as it is now sent."""
    found = _found(user, data.client_id)
    if found is not None and found.state == RECORDED:
        return found, False
    try:
        with transaction.atomic():
            if found is not None:
                found = Capture.objects.select_for_update().filter(pk=found.pk).first()
                if found is not None and found.state == RECORDED:
                    return found, False
            return _record(user, data, found), True
    except IntegrityError:
        again = _found(user, data.client_id)
        if again is None or again.state != RECORDED:
            raise
        return again, False


def send(user: User, payload: Any) -> tuple[Capture, bool]:
    """One capture as a script sends it (the API, the CLI): parsed, then recorded once. One
    that conflicts is kept, as sent, for the seeker to resolve (`resolve`, `discard`), and
    the Conflict is raised; nothing else is changed."""
    data = parse(payload)
    try:
        return record_once(user, data)
    except Conflict as exc:
        _keep_conflict(user, data.client_id, payload, exc)
        raise


def _keep_conflict(user: User, client_id: uuid.UUID, payload: Any, exc: Conflict) -> None:
    values = {"state": CONFLICT, "payload": payload, "error": exc.message, "code": exc.code or ""}
    try:
        with transaction.atomic():
            kept, made = Capture.objects.select_for_update().get_or_create(
                owner=user, client_id=client_id, defaults=values
            )
            if not made and kept.state == CONFLICT:
                for name, value in values.items():
                    setattr(kept, name, value)
                kept.save(update_fields=[*values, "updated_at"])
    except IntegrityError:  # recorded meanwhile by another send of the same id
        pass


def _found(user: User, client_id: uuid.UUID) -> Capture | None:
    return Capture.objects.for_user(user).filter(client_id=client_id).first()


def _record(user: User, data: CaptureInput, kept: Capture | None) -> Capture:
    contact = _contact(user, data)
    question = _question(user, data.ask)
    conversation = calls.log_conversation(
        user,
        contact,
        data.outcome,
        kind=data.kind,
        channel=data.channel,
        at=data.at,
        opening=data.opening,
        note=data.note,
    )
    known: list[str] = []
    if data.ask is not None:
        captured = calls.record_ask(user, conversation, question, data.ask.response, data.ask.leads)
        known = [
            f"{lead.referrer.name} already suggested {lead.name} (lead #{lead.pk}): "
            "not added again."
            for lead in captured.known
        ]
    if kept is not None:
        kept.state, kept.conversation, kept.known = RECORDED, conversation, known
        kept.payload, kept.error, kept.code = {}, "", ""
        kept.save()
        return kept
    return Capture.objects.create(
        owner=user, client_id=data.client_id, conversation=conversation, known=known
    )


def _contact(user: User, data: CaptureInput) -> Contact:
    if data.new_contact:
        return network.create_contact(user, data.new_contact, company=data.new_company or None)
    found = Contact.objects.for_user(user).select_related("company").filter(pk=data.contact).first()
    if found is None:
        # Deleted since the phone last saw it, or never the seeker's (R9): the same answer.
        raise Conflict(
            f"contact #{data.contact} is no longer among your contacts",
            field="contact",
            code="contact_missing",
        )
    return found


def _question(user: User, ask: AskInput | None) -> Question | None:
    if ask is None or ask.question is None:
        return None
    found = Question.objects.for_user(user).filter(pk=ask.question).first()
    if found is None:
        raise Conflict(
            f"question #{ask.question} is no longer among your questions",
            field="question",
            code="question_missing",
        )
    return found


# -- what a send reports -------------------------------------------------------


def report(capture: Capture) -> dict[str, Any]:
    """What the phone is told about a recorded capture: the same on every send, while the
    seeker has not changed the rows since."""
    conversation: Conversation | None = capture.conversation
    result: dict[str, Any] = {"id": str(capture.client_id), "status": "saved"}
    if conversation is None:
        result.update(conversation=None, known=capture.known)
        return result
    leads = conversation.leads.select_related("contact", "company").order_by("id")
    followups = conversation.followups.order_by("due_on", "id")
    result.update(
        conversation=conversation.pk,
        contact={"id": conversation.contact_id, "name": conversation.contact.name},
        outcome=conversation.outcome,
        needs_ask=calls.needs_ask(conversation),
        leads=[{"id": lead.pk, "name": lead.name, "permission": lead.permission} for lead in leads],
        followups=[
            {"kind": f.kind, "title": f.title, "due_on": f.due_on.isoformat()} for f in followups
        ],
        known=capture.known,
    )
    return result


def report_sent(capture: Capture) -> dict[str, Any]:
    """`report`, for the API and the CLI: with the state and the ask the capture recorded."""
    result = report(capture)
    result["state"] = capture.state
    conversation = capture.conversation
    ask = conversation.asks.order_by("id").first() if conversation is not None else None
    result["ask"] = (
        None
        if ask is None
        else {"id": ask.pk, "question_id": ask.question_id, "response": ask.response}
    )
    return result


# -- captures kept as conflicts ------------------------------------------------


def of_account(user: User, state: str | None = None) -> Any:
    """The seeker's captures sent by a script, oldest first; `state` narrows them."""
    rows = Capture.objects.for_user(user).select_related("conversation__contact")
    if state is not None:
        rows = rows.filter(state=state)
    return rows.order_by("id")


def summary(capture: Capture) -> dict[str, Any]:
    """One capture in a list: its state, what it recorded or why it could not be."""
    conversation = capture.conversation
    return {
        "id": str(capture.client_id),
        "state": capture.state,
        "conversation": conversation.pk if conversation is not None else None,
        "contact": (
            {"id": conversation.contact_id, "name": conversation.contact.name}
            if conversation is not None
            else None
        ),
        "outcome": conversation.outcome if conversation is not None else None,
        "error": capture.error,
        "code": capture.code,
        "created_at": capture.created_at.isoformat(),
        "updated_at": capture.updated_at.isoformat(),
    }


def find(user: User, client_id: Any) -> Capture:
    """The seeker's capture by the id its sender gave it (R9: anything else is not found)."""
    try:
        wanted = uuid.UUID(str(client_id)) if len(str(client_id)) <= 64 else None
    except ValueError:
        wanted = None
    found = _found(user, wanted) if wanted is not None else None
    if found is None:
        raise NotFound(f"no capture {str(client_id)[:64]}", field="id")
    return found


def resolve(
    user: User,
    client_id: Any,
    *,
    contact: int | None = None,
    new_contact: str = "",
    new_company: str = "",
    without_question: bool = False,
    without_ask: bool = False,
) -> tuple[Capture, bool]:
    """Send a capture kept as a conflict again, changed as the seeker says: another contact
    (or a new one), no question named, or no ask at all; with no change, as it was (the
    contact may be back). A recorded capture is answered as it is."""
    found = find(user, client_id)
    if found.state == RECORDED:
        return found, False
    if contact is not None and new_contact:
        raise Invalid("give another contact or a new one, not both", field="contact")
    payload = dict(found.payload) if isinstance(found.payload, dict) else {}
    if contact is not None or new_contact:
        payload.pop("contact", None)
        payload.pop("new_contact", None)
        if contact is not None:
            payload["contact"] = contact
        else:
            payload["new_contact"] = {"name": new_contact, "company": new_company}
    ask = payload.get("ask")
    if without_ask:
        payload["ask"] = None
    elif without_question and isinstance(ask, dict):
        payload["ask"] = {**ask, "question": None}
    return send(user, payload)


def discard(user: User, client_id: Any) -> None:
    """Forget a capture kept as a conflict. A recorded one is its conversation: that is
    where it is changed or deleted."""
    found = find(user, client_id)
    if found.state == RECORDED:
        raise Conflict(
            f"capture {found.client_id} is recorded (conversation #{found.conversation_id}): "
            "only a conflict can be discarded",
            field="id",
            code="recorded",
        )
    found.delete()


def kept_count(user: User) -> int:
    """How many calls sent by a script wait for the seeker to resolve them (Today says so)."""
    return Capture.objects.for_user(user).filter(state=CONFLICT).count()


def payload_texts(captures: list[Capture]) -> list[str]:
    """`payload_text` for each kept call, the contacts they name read in one query."""
    datas = [_readable(capture) for capture in captures]
    ids = {data.contact for data in datas if data is not None and data.contact is not None}
    owners = {capture.owner_id for capture in captures}
    names = dict(Contact.objects.filter(owner_id__in=owners, pk__in=ids).values_list("pk", "name"))
    return [_sentence(data, names) for data in datas]


def payload_text(capture: Capture) -> str:
    """What a kept call holds, in a sentence for the page that resolves it: the outcome, who
    with, and the ask's answer and leads. Reads the kept payload; never raises."""
    return payload_texts([capture])[0]


def _readable(capture: Capture) -> CaptureInput | None:
    try:
        return parse(capture.payload if isinstance(capture.payload, dict) else {})
    except DomainError:
        return None


def _sentence(data: CaptureInput | None, names: dict[int, str]) -> str:
    if data is None:
        return "A call that could not be read."
    labels = dict(Outcome.choices)
    who = data.new_contact
    if data.contact is not None:
        who = names.get(data.contact) or f"a contact no longer here (#{data.contact})"
    text = f"{str(labels.get(data.outcome, data.outcome)).capitalize()} call with {who}"
    if data.at is not None:
        text += f", {data.at:%a} {data.at.day} {data.at:%b}"
    if data.ask is not None:
        answer = dict(Response.choices).get(data.ask.response, data.ask.response)
        text += f"; the parting question: {str(answer).lower()}"
        if data.ask.leads:
            text += " (" + ", ".join(lead.name for lead in data.ask.leads) + ")"
    return text + "."
