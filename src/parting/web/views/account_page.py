"""Settings → Account: what happened in the account lately, and deleting it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.domain import accounts, activity
from parting.core.domain.errors import DomainError
from parting.web.shortcuts import SeekerRequest, add_domain_error


@login_required
@require_GET
def account_settings(request: SeekerRequest) -> HttpResponse:
    events = Paginator(activity.recent(request.user), 50).get_page(request.GET.get("page"))
    context = {
        "nav": "settings",
        "tab": "settings_account",
        "events": events,
        "keep_days": activity.KEEP.days,
    }
    return render(request, "parting/settings/account.html", context)


class DeleteAccountForm(forms.Form):
    email = forms.CharField(
        max_length=254,
        label="Type your email to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: SeekerRequest) -> HttpResponse:
    """Confirm by typing the email; then every row of the account goes, and so does the
    session."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = request.user.email
        try:
            accounts.delete_account(request.user, form.cleaned_data["email"])
        except DomainError as exc:
            add_domain_error(form, exc, field="email")
        else:
            logout(request)
            messages.success(request, f"The account {email} and everything in it were deleted.")
            return redirect("login")
    status = 400 if request.method == "POST" else 200
    context = {"nav": "settings", "tab": "settings_account", "form": form}
    return render(request, "parting/settings/delete_account.html", context, status=status)


urlpatterns = [
    path("settings/account/", account_settings, name="settings_account"),
    path("settings/account/delete/", delete_account, name="account_delete"),
]
