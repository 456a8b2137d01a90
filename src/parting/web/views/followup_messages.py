"""The message page of a follow-up: the drafted email, editable, a mailto link, mark sent."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from parting.core.domain import messages
from parting.core.domain.errors import DomainError
from parting.core.models import FollowUp
from parting.web.forms.messages import MessageForm
from parting.web.shortcuts import SeekerRequest, add_domain_error, owned_or_404

PAGE = "parting/messages/page.html"


@login_required
@require_http_methods(["GET", "POST"])
def followup_message(request: SeekerRequest, pk: int) -> HttpResponse:
    """GET shows the draft; POST `preview` refreshes the mailto link, `sent` closes it."""
    mine = FollowUp.objects.for_user(request.user).select_related(
        "contact", "contact__company", "lead", "lead__contact", "lead__company", "lead__referrer"
    )
    followup = owned_or_404(mine, request.user, pk)
    draft = messages.draft(request.user, followup)
    if request.method == "GET":
        form = MessageForm(initial={"to": draft.to, "subject": draft.subject, "body": draft.body})
        link = messages.mailto(draft.to, draft.subject, draft.body)
        return _page(request, followup, form, link, draft)
    form = MessageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "sent":
            try:
                logged = messages.mark_sent(request.user, followup, data["subject"], data["body"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                who = f"; logged an email to {followup.contact.name}" if logged else ""
                flash.success(request, f"Marked sent: {followup.title}{who}.")
                return redirect("today")
        if form.is_valid():
            link = messages.mailto(data["to"], data["subject"], data["body"])
            return _page(request, followup, form, link, draft)
    return _page(request, followup, form, "", draft, status=400)


def _page(
    request: SeekerRequest,
    followup: FollowUp,
    form: MessageForm,
    link: str,
    draft: messages.Message,
    status: int = 200,
) -> HttpResponse:
    context = {
        "nav": "today",
        "followup": followup,
        "form": form,
        "mailto": link,
        "draft": draft,
    }
    return render(request, PAGE, context, status=status)


urlpatterns = [
    path("followups/<id:pk>/message/", followup_message, name="followup_message"),
]
