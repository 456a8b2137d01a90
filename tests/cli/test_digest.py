"""`parting digest [--send] [--all]`: Django's mail framework, with a real SMTP conversation
with a local aiosmtpd server, the in-memory backend and the console backend."""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.core import mail as django_mail

from parting.core.domain import followups
from parting.core.domain.profiles import get_profile
from parting.core.models import FollowUp
from parting.email_url import CONSOLE, email_settings

TODAY = dt.date(2026, 3, 4)
PASSWORD = "s3cr:et@pw"


class Inbox:
    """Keeps what the server received; `refuse` answers DATA with a 554."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 Message refused"
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    port = controller.port
    use_mail_url(
        settings,
        f"smtp://digest:{PASSWORD.replace(':', '%3A').replace('@', '%40')}@127.0.0.1:{port}",
    )
    yield handler
    controller.stop()


@pytest.fixture
def due(alice, frozen):
    followups.add_followup(alice, "Thank Zoë <today>", on=TODAY)
    followups.add_followup(alice, "Overdue thing", on=TODAY - dt.timedelta(days=2))
    followups.add_followup(alice, "Next week", on=TODAY + dt.timedelta(days=7))


def use_mail_url(settings, url: str) -> None:
    """What starting with PARTING_EMAIL_URL=url would configure (tests start on locmem)."""
    settings.PARTING_EMAIL_URL = url
    for name, value in email_settings(url).items():
        setattr(settings, name, value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parts(message: Message) -> dict[str, str]:
    return {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }


def test_digest_prints_an_email(run, alice, due):
    result = run("digest", "--user", alice.email)
    assert result.code == 0
    assert "To: alice@example.com" in result.out
    assert "Subject: Parting: 2 follow-ups for Wed 04 Mar, 1 overdue" in result.out
    assert "Thank Zoë <today>" in result.out and "Overdue thing" in result.out
    assert "Next week" not in result.out
    assert max(len(line) for line in result.lines) <= 80


def test_send_goes_through_smtp_as_text_and_html(run, alice, due, inbox):
    result = run("digest", "--send", "--user", alice.email)
    assert result.code == 0, result.err
    [(to, message)] = inbox.messages
    assert to == ["alice@example.com"] and message["Subject"].startswith("Parting: 2 follow-ups")
    body = parts(message)
    assert "Thank Zoë <today>" in body["text/plain"]
    assert "Thank Zoë &lt;today&gt;" in body["text/html"] and "<today>" not in body["text/html"]
    assert get_profile(alice).digest_sent_on == TODAY


def test_digest_links_point_at_the_site_and_each_follow_up(run, alice, due, inbox, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    assert run("digest", "--send", "--user", alice.email).code == 0
    [(_, message)] = inbox.messages
    body = parts(message)
    first = FollowUp.objects.for_user(alice).order_by("due_on").first()
    assert f'href="https://parting.example.org/followups/{first.pk}/message/"' in body["text/html"]
    assert "https://parting.example.org/" in body["text/plain"]


def test_all_sends_to_opted_in_accounts_once_a_day(run, alice, bob, charlie, due, inbox):
    followups.add_followup(bob, "Bob's thing", on=TODAY)
    followups.add_followup(charlie, "Charlie's thing", on=TODAY)
    profile = get_profile(charlie)
    profile.digest_enabled = False
    profile.save()
    result = run("digest", "--all", "--send", "--json")
    assert result.code == 0, result.err
    assert sorted(d["to"] for d in json.loads(result.out)) == [
        "alice@example.com",
        "bob@example.com",
    ]
    recipients = sorted(to[0] for to, _ in inbox.messages)
    assert recipients == ["alice@example.com", "bob@example.com"]
    bobs = next(m for to, m in inbox.messages if to == ["bob@example.com"])
    assert "Bob's thing" in parts(bobs)["text/plain"] and "Zoë" not in parts(bobs)["text/plain"]
    again = run("digest", "--all", "--send")
    assert again.code == 0 and "No digest to send" in again.out and len(inbox.messages) == 2


def test_smtp_down_is_one_line_exit_1_and_nothing_marked(run, alice, due, settings):
    use_mail_url(settings, f"smtp://digest:{PASSWORD}x@127.0.0.1:{free_port()}")
    result = run("digest", "--send", "--user", alice.email)
    assert result.code == 1
    assert (
        result.err.startswith("parting: cannot send mail via 127.0.0.1:")
        and result.err.count("\n") == 1
    )
    assert PASSWORD not in result.err and "Traceback" not in result.err
    assert get_profile(alice).digest_sent_on is None


def test_smtp_refusing_is_exit_1_and_nothing_marked(run, alice, due, inbox):
    inbox.refuse = True
    result = run("digest", "--send", "--user", alice.email)
    assert result.code == 1 and "554" in result.err and PASSWORD not in result.err
    assert get_profile(alice).digest_sent_on is None and not inbox.messages


def test_a_wrong_password_is_refused_without_showing_it(run, alice, due, inbox, settings):
    use_mail_url(settings, settings.PARTING_EMAIL_URL.replace("s3cr", "nope"))
    result = run("digest", "--send", "--user", alice.email)
    assert result.code == 1 and "nope" not in result.err and not inbox.messages


def test_without_a_mail_server_the_console_backend_prints_it_and_nothing_is_marked(
    run, alice, due, settings
):
    use_mail_url(settings, "")
    assert settings.EMAIL_BACKEND == CONSOLE
    result = run("digest", "--send", "--user", alice.email)
    assert result.code == 0, result.err
    assert "Subject: Parting: 2 follow-ups for Wed 04 Mar, 1 overdue" in result.out
    assert "To: alice@example.com" in result.out and "Content-Type: text/html" in result.out
    assert result.lines[-1] == "Printed above, not sent: set PARTING_EMAIL_URL to send it."
    assert get_profile(alice).digest_sent_on is None


def test_the_in_memory_backend_gets_text_and_html_from_the_default_sender(run, alice, due):
    result = run("digest", "--send", "--user", alice.email, "--json")
    assert result.code == 0 and json.loads(result.out)["sent"] is True
    [message] = django_mail.outbox
    assert message.to == ["alice@example.com"] and message.from_email.startswith("Parting <")
    assert "Thank Zoë <today>" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "Thank Zoë &lt;today&gt;" in html
    assert get_profile(alice).digest_sent_on == TODAY
