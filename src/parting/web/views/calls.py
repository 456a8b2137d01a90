"""The call page: pick the contact, log the call, and on a rejection ask one more question (R1).

Every panel is a template partial: htmx gets the panel alone, a plain browser the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.choices import FollowUpKind, Outcome, Response
from parting.core.domain import calls, network, questions
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import DomainError
from parting.core.models import Contact, Conversation, Lead, Question
from parting.web.forms.calls import (
    MAX_LEAD_ENTRIES,
    AskForm,
    LeadEntryForm,
    LogForm,
    NewContactForm,
)
from parting.web.fragments import is_htmx, render_part
from parting.web.search import search_query
from parting.web.shortcuts import SeekerRequest, add_domain_error, owned_or_404, post_only

PAGE = "parting/call/page.html"
RECENT_CONTACTS = 6
SEARCH_RESULTS = 20


def _conversation(user: Any, raw: str | int | None) -> Conversation:
    return owned_or_404(Conversation, user, raw, "contact", "contact__company", "company")


def _call_url(**params: Any) -> str:
    return f"{reverse('call')}?{urlencode(params)}" if params else reverse("call")


def _panel(request: SeekerRequest, part: str, context: dict[str, Any], **kw: Any) -> HttpResponse:
    # An htmx swap also refreshes the phone script, so it names the contact once one is picked.
    context = {"nav": "call", "script_oob": is_htmx(request), **context}
    return render_part(request, PAGE, f"parting/call/{part}", context, **kw)


# -- panels --------------------------------------------------------------------


class QuestionOption(NamedTuple):
    question: Question
    text: str  # with {company}, {niche}, … filled in
    checked: bool
    key: str  # its keyboard shortcut, "1" to "9" (favourites first), or ""


# Single-key shortcuts on the call page (parting.js reads aria-keyshortcuts; `?` lists them).
OUTCOME_KEYS: dict[str, str] = {
    Outcome.REJECTED: "r",
    Outcome.ADVANCED: "a",
    Outcome.OFFER: "o",
    Outcome.UNDECIDED: "u",
    Outcome.NO_ANSWER: "x",
    Outcome.VOICEMAIL: "v",
}
RESPONSE_KEYS: dict[str, str] = {
    Response.GAVE_LEAD: "l",
    Response.LEFT_NUMBER: "n",
    Response.DECLINED: "d",
}


def _contact_results(user: Any, query: str) -> list[Contact]:
    if query.strip():
        return list(network.search_contacts(user, query)[:SEARCH_RESULTS])
    recent = Contact.objects.for_user(user).select_related("company").order_by("-updated_at")
    return list(recent[:RECENT_CONTACTS])


def _pick(request: SeekerRequest, form: NewContactForm, status: int = 200) -> HttpResponse:
    query = search_query(request)
    context = {"new_form": form, "q": query, "results": _contact_results(request.user, query)}
    return _panel(request, "_pick_panel.html", context, status=status)


def _log(request: SeekerRequest, contact: Contact, form: LogForm, **kw: Any) -> HttpResponse:
    favourites = [
        (o.question, o.text)
        for o in questions.options(request.user, contact=contact, favourites_only=True)
    ]
    outcomes = [(value, label, OUTCOME_KEYS.get(value, "")) for value, label in Outcome.choices]
    context = {"contact": contact, "form": form, "favourites": favourites, "outcomes": outcomes}
    return _panel(request, "_log_panel.html", context, **kw)


def _ask(
    request: SeekerRequest,
    conversation: Conversation,
    form: AskForm,
    *,
    show_errors: bool = True,
    **kw: Any,
) -> HttpResponse:
    chosen = str(form["question"].value() or "")
    options = [
        QuestionOption(o.question, o.text, str(o.question.pk) == chosen, str(i) if i < 10 else "")
        for i, o in enumerate(questions.options(request.user, conversation=conversation), 1)
    ]
    context = {
        "conversation": conversation,
        "form": form,
        "favourite_options": [o for o in options if o.question.favourite],
        "other_options": [o for o in options if not o.question.favourite],
        "other_checked": any(o.checked and not o.question.favourite for o in options),
        "responses": [
            (value, label, value == form["response"].value(), RESPONSE_KEYS.get(value, ""))
            for value, label in Response.choices
        ],
        "earlier_asks": list(conversation.asks.select_related("question")),
        "show_errors": show_errors and form.is_bound,
    }
    return _panel(request, "_ask_panel.html", context, **kw)


def already_suggested(lead: Lead) -> str:
    """R3: a person the referrer had suggested before is recognised, not added again."""
    return f"{lead.referrer.name} already suggested {lead.name} (lead #{lead.pk}): not added again."


def _summary(
    request: SeekerRequest, conversation: Conversation, known: Sequence[Lead] = (), **kw: Any
) -> HttpResponse:
    followups = list(
        conversation.followups.select_related("contact", "lead").order_by("due_on", "id")
    )
    context = {
        "conversation": conversation,
        "asks": list(conversation.asks.select_related("question")),
        "leads": list(conversation.leads.select_related("contact", "company").order_by("id")),
        "followups": followups,
        "check_back": next((f for f in followups if f.kind == FollowUpKind.CHECK_BACK), None),
        "needs_ask": calls.needs_ask(conversation),
        "known": [already_suggested(lead) for lead in known],
    }
    return _panel(request, "_summary_panel.html", context, **kw)


# -- views ---------------------------------------------------------------------


@login_required
@require_GET
def call(request: SeekerRequest) -> HttpResponse:
    """The call page. `?conversation=ID` opens its ask panel; `?contact=ID` is ready to log."""
    user = request.user
    if "conversation" in request.GET:
        conversation = _conversation(user, request.GET["conversation"])
        return _ask(request, conversation, AskForm(user))
    if "contact" in request.GET:
        contact = owned_or_404(Contact, user, request.GET["contact"], "company")
        return _log(request, contact, LogForm(user, initial={"contact": contact.pk}))
    return _pick(request, NewContactForm())


@login_required
@require_GET
def contact_results(request: SeekerRequest) -> HttpResponse:
    """Live search results for the contact picker."""
    if not is_htmx(request):
        return redirect(_call_url(q=search_query(request)))
    query = search_query(request)
    context = {"q": query, "results": _contact_results(request.user, query)}
    return render(request, "parting/call/_contact_results.html", context)


@login_required
@post_only("call")
def new_contact(request: SeekerRequest) -> HttpResponse:
    """Add the person on the phone (name and company) and go straight to logging."""
    form = NewContactForm(request.POST)
    if form.is_valid():
        try:
            contact = network.create_contact(
                request.user, form.cleaned_data["name"], company=form.cleaned_data["company"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            url = _call_url(contact=contact.pk)
            if not is_htmx(request):
                return redirect(url)
            log_form = LogForm(request.user, initial={"contact": contact.pk})
            return _log(request, contact, log_form, push_url=url)
    return _pick(request, form, status=400)


@login_required
@post_only("call")
def log(request: SeekerRequest) -> HttpResponse:
    """Log the call. R1: a rejection turns the page to the one-more-question panel."""
    form = LogForm(request.user, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            conversation = calls.log_conversation(
                request.user,
                data["contact"],
                data["outcome"],
                kind=data["kind"],
                channel=data["channel"],
                opening=data["opening"],
                note=data["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if calls.needs_ask(conversation):
                url = _call_url(conversation=conversation.pk)
                if not is_htmx(request):
                    return redirect(url)
                return _ask(request, conversation, AskForm(request.user), push_url=url)
            url = reverse("call_summary", args=[conversation.pk])
            if not is_htmx(request):
                return redirect(url)
            return _summary(request, conversation, push_url=url)
    contact = form.cleaned_data.get("contact") or owned_or_404(
        Contact, request.user, request.POST.get("contact"), "company"
    )
    return _log(request, contact, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: SeekerRequest, pk: int) -> HttpResponse:
    """The parting question and its answer; gave_lead records every lead in one go (R2, R3)."""
    conversation = _conversation(request.user, pk)
    if request.method == "GET":
        return _ask(request, conversation, AskForm(request.user))
    if request.POST.get("action") == "add_lead":
        # Without JavaScript, "add another lead" posts the form back with one more entry.
        form = AskForm(request.user, request.POST, add_entry=True)
        return _ask(request, conversation, form, show_errors=False)
    form = AskForm(request.user, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            captured = calls.record_ask(
                request.user, conversation, data["question"], data["response"], form.leads()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            url = reverse("call_summary", args=[conversation.pk])
            if not is_htmx(request):
                for lead in captured.known:
                    messages.info(request, already_suggested(lead))
                return redirect(url)
            return _summary(request, conversation, known=captured.known, push_url=url)
    return _ask(request, conversation, form, status=400)


@login_required
@require_GET
def lead_entry(request: SeekerRequest) -> HttpResponse:
    """One more blank lead entry for the ask panel (htmx appends it)."""
    index = parse_id(request.GET.get("index")) or 1
    index = max(1, min(index, MAX_LEAD_ENTRIES - 1))
    entry = LeadEntryForm(index)
    entry.fields["name"].widget.attrs["autofocus"] = True
    context = {"entry": entry, "next_index": index + 1}
    return render(request, "parting/call/_lead_entry_added.html", context)


@login_required
@require_GET
def summary(request: SeekerRequest, pk: int) -> HttpResponse:
    """What a call produced: the answer, the leads and the follow-ups just created."""
    return _summary(request, _conversation(request.user, pk))


urlpatterns = [
    path("call/", call, name="call"),
    path("call/contacts/", contact_results, name="call_contacts"),
    path("call/contact/", new_contact, name="call_contact_new"),
    path("call/log/", log, name="call_log"),
    path("call/lead-entry/", lead_entry, name="call_lead_entry"),
    path("call/<id:pk>/", summary, name="call_summary"),
    path("call/<id:pk>/ask/", ask, name="call_ask"),
]
