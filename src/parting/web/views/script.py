"""The phone script: edit its sections, and a one-page print view to keep by the phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.domain import script
from parting.core.domain.errors import DomainError
from parting.web.forms.questions import ScriptForm
from parting.web.shortcuts import SeekerRequest, add_domain_error


@login_required
@require_http_methods(["GET", "POST"])
def script_edit(request: SeekerRequest) -> HttpResponse:
    current = script.get_script(request.user)
    initial = {key: getattr(current, key) for key, _ in script.SECTIONS}
    form = ScriptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            script.update_script(request.user, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Script saved.")
            return redirect("script")
    context = {
        "nav": "script",
        "form": form,
        "sections": script.sections(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "parting/script/edit.html", context, status=status)


@login_required
@require_GET
def script_print(request: SeekerRequest) -> HttpResponse:
    context = {"nav": "script", "sections": script.sections(request.user)}
    return render(request, "parting/script/print.html", context)


urlpatterns = [
    path("script/", script_edit, name="script"),
    path("script/print/", script_print, name="script_print"),
]
