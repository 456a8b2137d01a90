"""Settings → Webhooks: add an endpoint (its secret shown once), its recent deliveries, a
test message, disable or enable, and delete after asking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from parting.core.domain import webhooks
from parting.core.domain.errors import DomainError
from parting.web.forms.webhooks import EndpointForm
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    also_check,
    found_or_404,
    post_only,
)
from parting.webhooks import targets
from parting.webhooks.models import Endpoint


def _page(request: SeekerRequest, form: EndpointForm, status: int = 200) -> HttpResponse:
    context = {
        "nav": "settings",
        "tab": "settings_webhooks",
        "form": form,
        "endpoints": list(webhooks.endpoints(request.user)),
    }
    return render(request, "parting/webhooks/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_settings(request: SeekerRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        if "url" in form.cleaned_data:
            also_check(form, targets.parse, form.cleaned_data["url"])
        return _page(request, form, status=400)
    try:
        endpoint = webhooks.add_endpoint(
            request.user, form.cleaned_data["url"], form.cleaned_data["events"]
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, status=400)
    # The secret is shown on this one answer and never again.
    context = {"nav": "settings", "tab": "settings_webhooks", "endpoint": endpoint}
    return render(request, "parting/webhooks/added.html", context)


def _endpoint(request: SeekerRequest, pk: int) -> Endpoint:
    return found_or_404(webhooks.own_endpoint, request.user, pk)


@login_required
def webhook_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    context = {
        "nav": "settings",
        "tab": "settings_webhooks",
        "endpoint": endpoint,
        "deliveries": webhooks.deliveries(request.user, endpoint),
    }
    return render(request, "parting/webhooks/detail.html", context)


@login_required
@post_only("webhook_detail", row=True)
def webhook_test(request: SeekerRequest, pk: int) -> HttpResponse:
    webhooks.send_test(request.user, _endpoint(request, pk))
    messages.success(request, "Test message queued: its delivery is listed below.")
    return redirect("webhook_detail", pk)


@login_required
@post_only("webhook_detail", row=True)
def webhook_enable(request: SeekerRequest, pk: int) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    endpoint = webhooks.set_enabled(request.user, _endpoint(request, pk), enabled)
    state = "enabled: new events are delivered again" if enabled else "disabled"
    messages.success(request, f"{endpoint.url} {state}.")
    return redirect("webhook_detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    """Deleting asks first; the endpoint and its deliveries go."""
    endpoint = _endpoint(request, pk)
    if request.method == "POST":
        webhooks.remove_endpoint(request.user, endpoint)
        messages.success(request, f"Endpoint {endpoint.url} deleted.")
        return redirect("settings_webhooks")
    context = {"nav": "settings", "tab": "settings_webhooks", "endpoint": endpoint}
    return render(request, "parting/webhooks/delete.html", context)


urlpatterns = [
    path("settings/webhooks/", webhook_settings, name="settings_webhooks"),
    path("settings/webhooks/<id:pk>/", webhook_detail, name="webhook_detail"),
    path("settings/webhooks/<id:pk>/test/", webhook_test, name="webhook_test"),
    path("settings/webhooks/<id:pk>/enable/", webhook_enable, name="webhook_enable"),
    path("settings/webhooks/<id:pk>/delete/", webhook_delete, name="webhook_delete"),
]
