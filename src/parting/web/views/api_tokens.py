"""Settings → API: personal access tokens for the JSON API (/api/v1). A new token is shown
once, on the page that made it; the list names each by its prefix and says when it was
last used; revoking asks first."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from parting.core.domain import clock, tokens
from parting.core.domain.errors import DomainError
from parting.web.shortcuts import SeekerRequest, add_domain_error, found_or_404


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=tokens.NAME_MAX, help_text="What it is for, e.g. “phone shortcut”."
    )
    read_only = forms.BooleanField(
        required=False, label="Read-only", help_text="It may read, never change anything."
    )
    expires = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=tokens.MAX_DAYS,
        label="Expires after (days)",
        help_text="Leave empty for a token that works until you revoke it.",
    )


def _page(
    request: SeekerRequest, form: TokenForm, made: tokens.Made | None = None, status: int = 200
) -> HttpResponse:
    now = clock.now()
    rows = [(t, tokens.is_expired(t, now)) for t in tokens.live(request.user)]
    context = {
        "nav": "settings",
        "tab": "settings_api",
        "form": form,
        "rows": rows,
        "made": made,
        "rate_limit": tokens.rate_limit(),
    }
    return render(request, "parting/settings/api.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def api_settings(request: SeekerRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        made = tokens.create_token(
            request.user, data["name"], read_only=data["read_only"], expires_days=data["expires"]
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, status=400)
    # Shown on this answer only: it is kept as a hash, and never shown again.
    return _page(request, TokenForm(), made=made)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: SeekerRequest, pk: int) -> HttpResponse:
    """Revoking asks first; the token stops working at once."""
    token = found_or_404(tokens.resolve_token, request.user, pk)
    if request.method == "POST":
        tokens.revoke_token(request.user, token.pk)
        messages.success(request, f"Token {token.prefix} “{token.name}” no longer works.")
        return redirect("settings_api")
    context = {"nav": "settings", "tab": "settings_api", "token": token}
    return render(request, "parting/settings/api_revoke.html", context)


urlpatterns = [
    path("settings/api/", api_settings, name="settings_api"),
    path("settings/api/<id:pk>/revoke/", token_revoke, name="token_revoke"),
]
