"""Settings → Sharing: who can see what, since when; inviting a coach and revoking. Also the
invitation link itself, and dismissing a coach's note on Today."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from parting.core.choices import InvitationKind
from parting.core.domain import coach_notes, invitations, sharing
from parting.core.domain.errors import DomainError, NotFound
from parting.core.models import Invitation
from parting.web.forms.sharing import JoinForm, OfferForm, ShareForm
from parting.web.links import request_site
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    also_check,
    error_text,
    found_or_404,
    post_only,
)


def _page(
    request: SeekerRequest, form: ShareForm, link: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "nav": "settings",
        "tab": "settings_sharing",
        "form": form,
        "sharing": sharing.sharing_of(request.user),
        "offers": list(invitations.offers(request.user)),
        "link": link,
    }
    return render(request, "parting/sharing/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sharing_settings(request: SeekerRequest) -> HttpResponse:
    form = ShareForm(request.POST or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        if "email" in form.cleaned_data:
            also_check(form, invitations.check_email, form.cleaned_data["email"])
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        with transaction.atomic():  # mail that fails leaves no invitation behind
            issued = invitations.invite_coach(
                request.user, data["email"], data["scope"], data["until"]
            )
            url = request_site(request) + reverse("invite", args=[issued.token])
            sent = invitations.send(issued, url)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, status=400)
    email = issued.invitation.email
    if sent:
        messages.success(request, f"Invitation sent to {email}. The link works once, for 7 days.")
        return redirect("settings_sharing")
    return _page(request, ShareForm(), link=url)


@login_required
@require_http_methods(["GET", "POST"])
def share_revoke(request: SeekerRequest, pk: int) -> HttpResponse:
    """Revoking asks first; it ends the coach's access at once."""
    share = found_or_404(sharing.own_share, request.user, pk)
    if request.method == "POST":
        sharing.revoke_share(request.user, share.pk)
        messages.success(request, f"{share.coach.email} can no longer see your search.")
        return redirect("settings_sharing")
    context = {"nav": "settings", "share": share, "coach": sharing.display_name(share.coach)}
    return render(request, "parting/sharing/revoke.html", context)


@login_required
@post_only("settings_sharing")
def invitation_cancel(request: SeekerRequest, pk: int) -> HttpResponse:
    row = found_or_404(sharing.cancel_invitation, request.user, pk)
    messages.success(request, f"The invitation to {row.email} no longer works.")
    return redirect("settings_sharing")


@login_required
@post_only("settings_sharing")
def offer_answer(request: SeekerRequest, pk: int) -> HttpResponse:
    """Share with whoever invited this account to Parting, or decline; asked once."""
    form = OfferForm(request.POST)
    scope = form.cleaned_data["scope"] if form.is_valid() else "none"
    try:
        share = invitations.answer_offer(request.user, pk, None if scope == "none" else scope)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("settings_sharing")
    if share is not None:
        messages.success(request, f"{share.coach.email} can now see your {share.scope}.")
    return redirect("settings_sharing")


@login_required
@post_only("today")
def note_dismiss(request: SeekerRequest, pk: int) -> HttpResponse:
    found_or_404(coach_notes.dismiss_note, request.user, pk)
    return redirect("today")


# -- the invitation link: public, as it may make the account ------------------------------


def _spent(request: HttpRequest) -> HttpResponse:
    return render(request, "parting/sharing/invite_spent.html", status=404)


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: sign in as the invited account to accept, or make that account."""
    try:
        row = invitations.find(token)
    except DomainError:
        return _spent(request)
    if request.user.is_authenticated:
        try:
            invitations.for_account(token, request.user)  # type: ignore[arg-type]
        except DomainError:  # another account's link: nothing of it is shown
            return _spent(request)
        return _accept(request, token, row)
    if invitations.account_for(row.email) is None:
        return _join(request, token, row)
    return redirect(f"{reverse('login')}?next={request.path}")


def _accept(request: HttpRequest, token: str, row: Invitation) -> HttpResponse:
    if row.kind != InvitationKind.SHARE:
        return _spent(request)
    context = {"invitation": row, "seeker": sharing.display_name(row.invited_by), "error": ""}
    if request.method == "POST":
        try:
            share = invitations.accept(request.user, token)  # type: ignore[arg-type]
        except DomainError as exc:
            context["error"] = error_text(exc)
            return render(request, "parting/sharing/invite.html", context, status=400)
        messages.success(request, f"{context['seeker']} now shares their {share.scope} with you.")
        return redirect("caseload")
    return render(request, "parting/sharing/invite.html", context)


def _join(request: HttpRequest, token: str, row: Invitation) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, share = invitations.join(token, data["password"], name=data["name"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Parting. Your account is ready.")
            return redirect("caseload" if share is not None else "settings_sharing")
    context = {"invitation": row, "form": form, "inviter": sharing.display_name(row.invited_by)}
    status = 400 if request.method == "POST" else 200
    return render(request, "parting/sharing/join.html", context, status=status)


urlpatterns = [
    path("settings/sharing/", sharing_settings, name="settings_sharing"),
    path("settings/sharing/<id:pk>/revoke/", share_revoke, name="share_revoke"),
    path(
        "settings/sharing/invitations/<id:pk>/cancel/", invitation_cancel, name="invitation_cancel"
    ),
    path("settings/sharing/offers/<id:pk>/", offer_answer, name="share_offer"),
    path("notes/<id:pk>/dismiss/", note_dismiss, name="coach_note_dismiss"),
    path("invite/<str:token>/", invite, name="invite"),
]
