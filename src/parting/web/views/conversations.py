"""Conversations: the log of calls and interviews, and where a "no" leads (R1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from parting.core.choices import Outcome
from parting.core.domain import calls, clock
from parting.core.domain.bounds import parse_id
from parting.core.models import Conversation
from parting.web.forms.network import ConversationForm
from parting.web.search import search_query
from parting.web.shortcuts import SeekerRequest, owned_or_404
from parting.web.views.network import (
    delete_page,
    form_page,
    paginate,
)


def ask_url(conversation: Conversation) -> str:
    """The call page's "one more question" panel for this conversation."""
    return f"{reverse('call')}?conversation={conversation.pk}"


@login_required
def conversation_list(request: SeekerRequest) -> HttpResponse:
    q = search_query(request)
    outcome = request.GET.get("outcome", "")
    conversations = calls.with_ask_flags(
        request.user,
        Conversation.objects.for_user(request.user).select_related(
            "contact", "contact__company", "company"
        ),
    )
    if q:
        conversations = conversations.filter(
            Q(contact__name__icontains=q) | Q(company__name__icontains=q) | Q(note__icontains=q)
        )
    if outcome in Outcome.values:
        conversations = conversations.filter(outcome=outcome)
    page = paginate(request, conversations.order_by("-at", "-id"))
    context = {
        "nav": "conversations",
        "page": page,
        "q": q,
        "outcome": outcome,
        "outcomes": Outcome.choices,
    }
    return render(request, "parting/conversations/conversation_list.html", context)


@login_required
def conversation_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    conversation = owned_or_404(
        Conversation.objects.select_related("contact", "contact__company", "company", "opening"),
        request.user,
        pk,
    )
    context = {
        "nav": "conversations",
        "conversation": conversation,
        "needs_ask": calls.needs_ask(conversation),
        "asks": conversation.asks.select_related("question"),
        "leads": conversation.leads.select_related("contact", "company"),
    }
    return render(request, "parting/conversations/conversation_detail.html", context)


@login_required
def conversation_create(request: SeekerRequest) -> HttpResponse:
    initial: dict[str, object] = {"at": clock.now()}
    contact_id = parse_id(request.GET.get("contact"))
    if contact_id:
        initial["contact"] = contact_id
    form = ConversationForm(
        request.user, request.POST if request.method == "POST" else None, initial=initial
    )
    context = {
        "nav": "conversations",
        "heading": "Log a conversation",
        "cancel_url": reverse("conversation_list"),
    }
    return form_page(request, form, context, lambda obj: _logged(request, obj))


ASK_NOW = "Logged. Now, one more question before you hang up."
ASK_AFTER = "Saved. It ended in a rejection: note the parting question you asked."


def _logged(
    request: SeekerRequest, conversation: Conversation, verb: str = "Logged", ask: str = ASK_NOW
) -> HttpResponse:
    """R1: a rejection goes straight to the parting question, logged or corrected to one."""
    if calls.needs_ask(conversation):
        messages.success(request, ask)
        return redirect(ask_url(conversation))
    messages.success(request, f"{verb} {conversation}.")
    return redirect(conversation)


@login_required
def conversation_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    conversation = owned_or_404(
        Conversation.objects.select_related("contact", "opening"), request.user, pk
    )
    form = ConversationForm(
        request.user, request.POST if request.method == "POST" else None, instance=conversation
    )
    context = {
        "nav": "conversations",
        "heading": f"Edit {conversation}",
        "cancel_url": conversation.get_absolute_url(),
    }
    return form_page(request, form, context, lambda obj: _logged(request, obj, "Saved", ASK_AFTER))


@login_required
def conversation_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    conversation = owned_or_404(Conversation.objects.select_related("contact"), request.user, pk)
    context = {"nav": "conversations"}
    return delete_page(request, conversation, "conversation", "conversation_list", context)


urlpatterns: list[URLPattern] = [
    path("conversations/", conversation_list, name="conversation_list"),
    path("conversations/new/", conversation_create, name="conversation_create"),
    path("conversations/<id:pk>/", conversation_detail, name="conversation_detail"),
    path("conversations/<id:pk>/edit/", conversation_edit, name="conversation_edit"),
    path("conversations/<id:pk>/delete/", conversation_delete, name="conversation_delete"),
]
