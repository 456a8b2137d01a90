"""Signing in and out, the first-run setup link, changing the password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from parting.core.domain import accounts
from parting.core.domain.errors import DomainError
from parting.web.shortcuts import SeekerRequest, add_domain_error
from parting.web.signin import SignInForm
from parting.web.views.profile_page import propose_browser_zone


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if accounts.needs_setup():
            return render(request, "registration/no_account.html", status=200)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        first = form.get_user().last_login is None
        response = super().form_valid(form)
        if first:
            propose_browser_zone(self.request, form.get_user())
        return response


@login_required
@require_http_methods(["GET", "POST"])
def sign_out(request: SeekerRequest) -> HttpResponse:
    """Signing out is a POST (the header's button); a GET of the address asks first."""
    if request.method == "GET":
        return render(request, "registration/sign_out.html", {"nav": ""})
    logout(request)
    return redirect("login")


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("today")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


class SetupForm(forms.Form):
    email = forms.EmailField(label="Your email (you sign in with it)")
    password = forms.CharField(widget=forms.PasswordInput, label="Choose a password")
    password_again = forms.CharField(widget=forms.PasswordInput, label="Password again")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        elif data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


def setup(request: HttpRequest) -> HttpResponse:
    """First run: the one-time link printed by `parting serve` creates the owner account."""
    token = request.GET.get("token") or request.POST.get("token") or ""
    if not accounts.setup_token_valid(token):
        return render(request, "registration/setup_invalid.html", status=404)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.redeem_setup_token(
                token, form.cleaned_data["email"], form.cleaned_data["password"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            propose_browser_zone(request, user)
            messages.success(request, "Welcome to Parting. Your account is ready.")
            return redirect("today")
    return render(request, "registration/setup.html", {"form": form, "token": token})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers, without a session: the database and the queue, 503 when either
    fails or a task has waited too long."""
    from parting.queue.status import health

    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)
