"""Settings → Mail: connect the mailbox (checked first), its status, test, fetch now,
disconnect, delete what mail logged, and the unknown senders to review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from parting.core.domain import mailbox, network, unmatched
from parting.core.domain.errors import DomainError
from parting.core.models import Mailbox, UnmatchedSender
from parting.inbound import service
from parting.tasks import mail as mail_tasks
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    also_check,
    error_text,
    owned_or_404,
    post_only,
)


class ConnectForm(forms.Form):
    host = forms.CharField(max_length=253, label="IMAP server", help_text="e.g. imap.example.com")
    tls = forms.ChoiceField(choices=Mailbox.Tls.choices, label="TLS", initial=Mailbox.Tls.SSL)
    port = forms.CharField(
        max_length=5, required=False, help_text="Empty: 993 with SSL/TLS, else 143."
    )
    login = forms.CharField(max_length=254, label="User")
    password = forms.CharField(
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Or an app password. Stored encrypted; never shown again.",
    )
    folders = forms.CharField(
        max_length=2000,
        required=False,
        help_text="Comma-separated. Empty: INBOX and your sent folder.",
    )
    tag = forms.CharField(
        max_length=40,
        initial=mailbox.DEFAULT_TAG,
        label="Forwarding tag",
        help_text="A message you forward to yourself with this in its subject is logged.",
    )

    def settings(self) -> mailbox.Settings:
        data = self.cleaned_data  # the fields Django took (all of them on a valid form)
        return mailbox.Settings(
            host=data.get("host", ""),
            login=data.get("login", ""),
            port=data.get("port"),
            tls=data.get("tls", Mailbox.Tls.SSL),
            folders=[f for f in data.get("folders", "").split(",") if f.strip()],
            tag=data.get("tag", ""),
        )


def _page(request: SeekerRequest, form: ConnectForm, status: int = 200) -> HttpResponse:
    box = mailbox.mailbox_of(request.user)
    context = {
        "nav": "settings",
        "tab": "settings_mail",
        "form": form,
        "box": box,
        "allowed": mailbox.connections_allowed(),
        "senders": list(unmatched.waiting(request.user)[: unmatched.LIMIT]),
        "logged": mailbox.logged_count(request.user),
    }
    return render(request, "parting/mail/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mail_settings(request: SeekerRequest) -> HttpResponse:
    box = mailbox.mailbox_of(request.user)
    initial = {}
    if box is not None:
        initial = {"host": box.host, "tls": box.tls, "port": box.port, "login": box.login,
                   "folders": ", ".join(box.folders), "tag": box.tag}  # fmt: skip
    form = ConnectForm(request.POST or None, initial=initial)
    if request.method == "POST" and not form.is_valid():
        also_check(form, lambda: form.settings().clean())
    elif request.method == "POST":
        try:
            service.connect(request.user, form.settings(), form.cleaned_data["password"])
        except DomainError as exc:
            add_domain_error(form, exc)
            if box is not None and exc.exit_code == 1:
                mailbox.record_status(request.user, False, exc.message)
        else:
            messages.success(request, "Mailbox connected.")
            return redirect("settings_mail")
    return _page(request, form, 400 if form.is_bound else 200)


@login_required
@post_only("settings_mail")
def mail_test(request: SeekerRequest) -> HttpResponse:
    try:
        messages.success(request, f"OK: {service.test(request.user)}")
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect("settings_mail")


@login_required
@post_only("settings_mail")
def mail_fetch(request: SeekerRequest) -> HttpResponse:
    try:
        mailbox.check_allowed()
        mailbox.connected(request.user)
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("settings_mail")
    mail_tasks.fetch_now.enqueue(request.user.pk)
    messages.success(request, "Reading new mail; the status below tells how it went.")
    return redirect("settings_mail")


@login_required
@require_http_methods(["GET", "POST"])
def mail_disconnect(request: SeekerRequest) -> HttpResponse:
    if request.method == "POST":
        mailbox.disconnect(request.user)
        messages.success(request, "Disconnected: the mailbox and its password are forgotten.")
        return redirect("settings_mail")
    context = {"nav": "settings", "what": "disconnect", "box": mailbox.mailbox_of(request.user)}
    return render(request, "parting/mail/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mail_erase(request: SeekerRequest) -> HttpResponse:
    if request.method == "POST":
        erased = mailbox.erase_logged(request.user)
        messages.success(
            request,
            f"Deleted {erased.conversations} conversations logged from mail "
            f"and {erased.senders} listed senders.",
        )
        return redirect("settings_mail")
    context = {"nav": "settings", "what": "erase", "logged": mailbox.logged_count(request.user)}
    return render(request, "parting/mail/confirm.html", context)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("add", "add"), ("attach", "attach"), ("ignore", "ignore")])
    name = forms.CharField(max_length=200, required=False)
    contact = forms.CharField(max_length=200, required=False)


@login_required
@post_only("settings_mail")
def mail_sender(request: SeekerRequest, pk: int) -> HttpResponse:
    """Make a contact of an unknown sender, attach the address to a contact, or ignore it."""
    sender = owned_or_404(UnmatchedSender.objects.filter(ignored=False), request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with this sender.")
        return redirect("settings_mail")
    action, address = form.cleaned_data["action"], sender.address
    try:
        if action == "add":
            contact = unmatched.add_contact(request.user, sender, form.cleaned_data["name"])
            messages.success(request, f"Added {contact.name} <{address}> to your contacts.")
        elif action == "attach":
            contact = network.resolve_contact(request.user, form.cleaned_data["contact"])
            unmatched.attach(request.user, sender, contact)
            messages.success(request, f"{address} is now kept on {contact.name}.")
        else:
            unmatched.ignore(request.user, sender)
            messages.success(request, f"Ignored {address} for good.")
    except DomainError as exc:
        messages.error(request, error_text(exc))
    return redirect("settings_mail")


urlpatterns = [
    path("settings/mail/", mail_settings, name="settings_mail"),
    path("settings/mail/test/", mail_test, name="mail_test"),
    path("settings/mail/fetch/", mail_fetch, name="mail_fetch"),
    path("settings/mail/disconnect/", mail_disconnect, name="mail_disconnect"),
    path("settings/mail/erase/", mail_erase, name="mail_erase"),
    path("settings/mail/senders/<id:pk>/", mail_sender, name="mail_sender"),
]
