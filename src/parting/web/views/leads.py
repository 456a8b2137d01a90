"""Leads: the list with inline edits, one lead's page, and adding a lead by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.choices import LeadStatus, Permission
from parting.core.domain import leads
from parting.core.domain.errors import DomainError
from parting.core.domain.followups import PRESETS
from parting.core.domain.profiles import today_for
from parting.core.models import Contact, Conversation, Lead
from parting.web.forms.leads import LeadAddForm, LeadUpdateForm
from parting.web.fragments import back, is_htmx
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    error_text,
    optional_owned,
    owned_or_404,
    post_only,
)
from parting.web.views.calls import already_suggested

PER_PAGE = 50
CHOICES = {"status_choices": LeadStatus.choices, "permission_choices": Permission.choices}
ROW = "parting/leads/_lead_row.html"
PANEL = "parting/leads/_lead_panel.html"
# What a lead's row shows: the list reads no other column (notes, timestamps) of its 50 rows.
ROW_SHOWN = (
    "status", "permission", "thanked_at", "contact__name", "company__name", "referrer__name",
    "referrer__company__name", "ask__question__archetype", "conversation__kind", "conversation__at",
)  # fmt: skip


def _lead(user: Any, pk: int) -> Lead:
    """The user's lead with what its row and page show, else 404 (R9)."""
    return owned_or_404(leads.lead_list(user), user, pk)


def _panel_context(request: SeekerRequest, lead: Lead) -> dict[str, Any]:
    followups = lead.followups.select_related(
        "contact", "contact__company", "lead", "lead__contact", "lead__company"
    ).order_by("due_on", "id")
    return {
        "lead": lead,
        "followups": list(followups),
        "day": today_for(request.user),
        "presets": PRESETS,
        **CHOICES,
    }


@login_required
@require_GET
def lead_list(request: SeekerRequest) -> HttpResponse:
    """Every lead, newest first, optionally one status only."""
    status = request.GET.get("status") or ""
    if status not in LeadStatus.values:
        status = ""
    shown = leads.lead_list(request.user, status or None).only(*ROW_SHOWN)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "nav": "leads",
        "page": page,
        "status": status,
        "statuses": LeadStatus.choices,
        "next": request.get_full_path(),
        **CHOICES,
    }
    return render(request, "parting/leads/list.html", context)


@login_required
@require_GET
def lead_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    lead = _lead(request.user, pk)
    context = {"nav": "leads", **_panel_context(request, lead), "next": request.get_full_path()}
    return render(request, "parting/leads/detail.html", context)


@login_required
@post_only("lead_detail", row=True)
def lead_update(request: SeekerRequest, pk: int) -> HttpResponse:
    """Status, permission, thanked. R3/R8 follow-ups open and close in the domain."""
    lead = _lead(request.user, pk)
    form = LeadUpdateForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            leads.update_lead(
                request.user,
                lead,
                status=data["status"],
                permission=data["permission"],
                thanked=data["thanked"],
            )
        except DomainError as exc:
            error = error_text(exc)
    else:
        error = "; ".join(
            f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()
        )
    if not is_htmx(request):
        if error:
            messages.error(request, f"{lead.name} was not changed: {error}")
        return back(request, lead.get_absolute_url())
    lead = _lead(request.user, pk)
    status = 400 if error else 200
    if request.POST.get("part") == "panel":
        context = {**_panel_context(request, lead), "error": error}
        return render(request, PANEL, context, status=status)
    context = {"lead": lead, "error": error, "next": request.POST.get("next", ""), **CHOICES}
    return render(request, ROW, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lead_add(request: SeekerRequest) -> HttpResponse:
    """A lead captured after the call. R2: a conversation must be with the referrer."""
    user = request.user
    referrer: Contact | None = None
    initial: dict[str, Any] = {}
    if request.method == "GET":
        # Prefilled from a link (?referrer=, ?conversation=); the referrer narrows the
        # conversations offered. A posted mismatch is left to the domain (Conflict, R2).
        referrer = optional_owned(Contact, user, request.GET.get("referrer"))
        conversation = optional_owned(Conversation, user, request.GET.get("conversation"))
        if conversation is not None:
            initial["conversation"] = conversation.pk
            referrer = referrer or conversation.contact
        if referrer is not None:
            initial["referrer"] = referrer.pk
    form = LeadAddForm(user, request.POST or None, referrer=referrer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            captured = leads.add_lead(
                user,
                data["referrer"],
                form.lead_input(),
                conversation=data["conversation"],
                question=data["question"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            lead = captured.lead
            if captured.known:
                messages.info(request, already_suggested(lead))
            else:
                messages.success(request, f"Lead {lead.name} added, with its follow-ups.")
            return redirect(lead)
    status = 400 if form.is_bound and form.errors else 200
    context = {"nav": "leads", "form": form}
    return render(request, "parting/leads/add.html", context, status=status)


urlpatterns = [
    path("leads/", lead_list, name="lead_list"),
    path("leads/new/", lead_add, name="lead_add"),
    path("leads/<id:pk>/", lead_detail, name="lead_detail"),
    path("leads/<id:pk>/update/", lead_update, name="lead_update"),
]
