"""Each way a connection fails is one clear line from the CLI (exit 1, or 2 for bad input),
is kept as the mailbox's status, stores nothing half-done, and never shows the password."""

from __future__ import annotations

import logging
import socket

import pytest

from parting.core.models import Mailbox
from tests.cli.helpers import assert_one_line_error
from tests.mail.dovecot import PASSWORD
from tests.mail.test_round_trip import connect

pytestmark = pytest.mark.django_db


def try_connect(run, args, password=PASSWORD):
    return run("mail", "connect", *args, "--password-stdin", stdin=password + "\n")


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once closed


def test_a_wrong_password_is_one_line_and_stores_nothing(run, alice, mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    result = try_connect(run, mailbox.connect_args(), password="not-the-password")
    assert_one_line_error(result, 1)
    assert "wrong user or password" in result.err
    assert not Mailbox.objects.exists()
    assert "not-the-password" not in caplog.text + result.err


def test_a_server_that_is_down_is_one_line(run, alice, mailbox):
    result = try_connect(run, mailbox.connect_args(port=closed_port()))
    assert_one_line_error(result, 1)
    assert "the server is down or refused the connection" in result.err


def test_a_certificate_that_is_not_trusted_is_a_tls_failure(run, alice, mailbox):
    result = try_connect(run, mailbox.connect_args(tls="ssl"))
    assert_one_line_error(result, 1)
    assert "TLS failed" in result.err and "certificate" in result.err


def test_tls_against_a_plain_port_is_a_tls_failure(run, alice, mailbox):
    result = try_connect(run, mailbox.connect_args(tls="ssl", port=mailbox.server.port))
    assert_one_line_error(result, 1)
    assert "TLS failed" in result.err


def test_a_host_that_does_not_resolve_is_one_line(run, alice, mailbox):
    args = mailbox.connect_args()
    args[1] = "no-such-host.invalid"
    result = try_connect(run, args)
    assert_one_line_error(result, 1)
    assert "was not found" in result.err


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_bad_input(run, alice, mailbox, port):
    args = mailbox.connect_args()
    args[3] = port
    result = try_connect(run, args)
    assert_one_line_error(result, 2)
    assert "port must be a number from 1 to 65535" in result.err


def test_a_folder_that_does_not_exist_is_named(run, alice, mailbox):
    result = try_connect(run, [*mailbox.connect_args(), "--folders", "INBOX,Nope"])
    assert_one_line_error(result, 1)
    assert "no folder 'Nope'" in result.err
    assert not Mailbox.objects.exists()


def test_a_server_gone_down_later_is_the_status_and_the_password_stays_secret(
    run, alice, mailbox, caplog
):
    caplog.set_level(logging.DEBUG)
    connect(run, mailbox)
    box = Mailbox.objects.get()
    assert PASSWORD not in box.secret  # sealed, not plain
    assert run("mail", "test").code == 0
    Mailbox.objects.update(port=closed_port())
    for command in ("test", "fetch"):
        result = run("mail", command)
        assert_one_line_error(result, 1)
    box.refresh_from_db()
    assert box.status == "failed" and "server is down" in box.status_line
    shown = run("mail", "test", "--json")
    assert PASSWORD not in caplog.text + shown.out + shown.err
    assert box.secret not in caplog.text


def test_disconnect_forgets_the_password(run, alice, mailbox):
    connect(run, mailbox)
    assert run("mail", "disconnect").code == 0
    assert not Mailbox.objects.exists()
    assert_one_line_error(run("mail", "fetch"), 1)
    assert_one_line_error(run("mail", "disconnect"), 1)
