"""The call page without a network: the service worker, the offline call page it keeps, the
contacts and questions that page remembers, and the door through which the phone sends the
calls it saved (domain.captures).

The service worker lives at the site's root (/sw.js) so it can answer for every page; the
app's manifest and icons are static files of the package.
"""

from __future__ import annotations

from functools import wraps
from pathlib import Path
from typing import Any

import orjson
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.choices import Channel, Kind, Outcome, Permission, Response
from parting.core.domain import captures, questions
from parting.core.domain.errors import Conflict, DomainError
from parting.core.domain.profiles import get_profile
from parting.core.domain.wording import first_name
from parting.core.models import Contact
from parting.web.shortcuts import SeekerRequest

STATIC = Path(__file__).resolve().parent.parent / "static" / "parting"
# The offline page remembers this many contacts, the most recently changed first.
OFFLINE_CONTACTS = 2000
# One capture: a call, its question and up to 20 leads with their notes.
MAX_BODY = 256 * 1024


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, served from the root so its scope is the whole app."""
    response = HttpResponse(
        (STATIC / "sw.js").read_bytes(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new version on every visit.
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_GET
def offline_call(request: SeekerRequest) -> HttpResponse:
    """The call page as it works without a network: kept by the service worker, it draws the
    contacts and questions it last saw and saves each call on the phone until it can be sent."""
    context = {
        "nav": "call",
        "kinds": Kind.choices,
        "channels": Channel.choices,
        "outcomes": Outcome.choices,
        "responses": Response.choices,
        "permissions": Permission.choices,
        # The service worker fetches this page in the background to keep it: a message
        # waiting for the seeker's next page ("Times now show in …") must not be spent here.
        "keep_messages": True,
    }
    return render(request, "parting/offline/call.html", context)


def _json_login_required(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _error("Sign in to send the calls saved on this phone.", 401)
        return view(request, *args, **kwargs)

    return wrapper


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"status": "invalid", "error": message, **extra}, status=status)


@_json_login_required
@require_GET
def offline_data(request: SeekerRequest) -> HttpResponse:
    """What the offline call page remembers: the seeker's contacts (the most recent
    OFFLINE_CONTACTS), questions and the profile values their slots use. R9: the seeker's own."""
    user = request.user
    profile = get_profile(user)
    contacts = (
        Contact.objects.for_user(user)
        .select_related("company")
        .only("id", "name", "title", "company__name", "company__industry")
        .order_by("-updated_at", "-id")[:OFFLINE_CONTACTS]
    )
    mine = questions.questions(user).order_by("-favourite", "position", "id")
    data = {
        "user": user.pk,
        "saved_at": timezone.now().isoformat(),
        "contacts": [
            {
                "id": c.pk,
                "name": c.name,
                "first": first_name(c.name),
                "title": c.title,
                "company": c.company.name if c.company else "",
                "industry": c.company.industry if c.company else "",
            }
            for c in contacts
        ],
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "archetype": q.get_archetype_display(),
                "favourite": q.favourite,
            }
            for q in mine
        ],
        "slots": {
            "niche": profile.niche,
            "skills": profile.skills,
            "target_roles": profile.target_roles,
            "my_name": profile.name,
        },
    }
    return HttpResponse(orjson.dumps(data), content_type="application/json")


@_json_login_required
@require_http_methods(["GET", "POST"])
def capture_sync(request: SeekerRequest) -> HttpResponse:
    """GET: who is signed in and the CSRF token to send with. POST: one capture (JSON); the
    same capture sent again gets the same answer and records nothing more.

    200 saved · 400 bad input · 409 a conflict for the seeker to resolve · 413 too large."""
    if request.method == "GET":
        return JsonResponse({"user": request.user.pk, "csrf": get_token(request)})
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return _error(f"A capture is at most {MAX_BODY // 1024} KB.", 413)
    try:
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return _error("The capture is not valid JSON.", 400)
    try:
        data = captures.parse(payload)
        capture = captures.record(request.user, data)
    except Conflict as exc:
        body = {"status": "conflict", "error": exc.message, "code": exc.code or "conflict"}
        body["id"] = str(payload.get("id", "")) if isinstance(payload, dict) else ""
        return JsonResponse(body, status=409)
    except DomainError as exc:
        return _error(exc.message, 400, field=exc.field)
    result = captures.report(capture)
    if result["conversation"] is not None:
        result["url"] = reverse("call_summary", args=[result["conversation"]])
    return JsonResponse(result)


urlpatterns = [
    path("sw.js", service_worker, name="service_worker"),
    path("call/offline/", offline_call, name="call_offline"),
    path("call/offline/data.json", offline_data, name="call_offline_data"),
    path("call/sync/", capture_sync, name="capture_sync"),
]
