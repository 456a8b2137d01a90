"""Calls sent by a script or the API that could not be recorded (domain.captures keeps them as
conflicts): listed with why, each resolved by another contact, a new one, or without its
question or ask, or discarded after a confirmation. The phone keeps its own conflicts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.domain import captures, network
from parting.core.domain.errors import DomainError
from parting.web.shortcuts import SeekerRequest, error_text, found_or_404

NAME_MOST = captures.MAX_NAME  # a name typed here is no longer than one sent


@login_required
@require_GET
def capture_list(request: SeekerRequest) -> HttpResponse:
    kept = list(captures.of_account(request.user, captures.CONFLICT)[:100])
    context = {"nav": "call", "kept": list(zip(kept, captures.payload_texts(kept), strict=True))}
    return render(request, "parting/captures/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def capture_resolve(request: SeekerRequest, client_id: str) -> HttpResponse:
    """GET: the conflict and its choices. POST: send it again, changed as chosen."""
    user = request.user
    capture = found_or_404(captures.find, user, client_id)
    error = ""
    if request.method == "POST":
        data = request.POST
        contact_name = data.get("contact", "").strip()[:NAME_MOST]
        try:
            contact = network.resolve_contact(user, contact_name).pk if contact_name else None
            capture, _ = captures.resolve(
                user,
                capture.client_id,
                contact=contact,
                new_contact=data.get("new_contact", "").strip()[:NAME_MOST],
                new_company=data.get("new_company", "").strip()[:NAME_MOST],
                without_question=data.get("without") == "question",
                without_ask=data.get("without") == "ask",
            )
        except DomainError as exc:
            error = error_text(exc)
        else:
            if capture.state == captures.RECORDED:
                messages.success(request, "Recorded.")
                return redirect("call_summary", capture.conversation_id)
            error = capture.error or "It still could not be recorded."
    context = {
        "nav": "call",
        "capture": capture,
        "what": captures.payload_text(capture),
        "error": error,
        "posted": request.POST,
    }
    return render(request, "parting/captures/resolve.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def capture_discard(request: SeekerRequest, client_id: str) -> HttpResponse:
    """GET: asks first. POST: forgets the kept call; a recorded one cannot be discarded here."""
    capture = found_or_404(captures.find, request.user, client_id)
    if request.method == "POST":
        try:
            captures.discard(request.user, capture.client_id)
        except DomainError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "Discarded the call that could not be recorded.")
        return redirect("capture_list")
    context = {"nav": "call", "capture": capture, "what": captures.payload_text(capture)}
    return render(request, "parting/captures/discard.html", context)


urlpatterns = [
    path("call/kept/", capture_list, name="capture_list"),
    path("call/kept/<str:client_id>/", capture_resolve, name="capture_resolve"),
    path("call/kept/<str:client_id>/discard/", capture_discard, name="capture_discard"),
]
