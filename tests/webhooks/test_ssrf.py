"""SSRF: on a hosted install an endpoint may only reach public addresses, checked when it is
added and again at each delivery (a name that resolves elsewhere later is caught, and the
delivery connects to the address it checked). A local install may reach its own machine."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from parting.core.domain import webhooks
from parting.core.domain.errors import Invalid
from parting.webhooks import targets
from parting.webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

REFUSED_WHEN_HOSTED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.10.10",
    "100.64.0.1",
    "224.0.0.1",
    "::1",
    "fe80::1",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
]
ALWAYS_REFUSED = ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "0.0.0.0", "::"]  # noqa: S104


@pytest.mark.parametrize("address", REFUSED_WHEN_HOSTED + ALWAYS_REFUSED)
def test_hosted_refuses_what_is_not_public(address):
    assert targets.why_refused(ipaddress.ip_address(address), private_ok=False)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert targets.why_refused(ipaddress.ip_address(address), private_ok=False) is None


@pytest.mark.parametrize("address", REFUSED_WHEN_HOSTED)
def test_a_local_install_may_reach_private_addresses(address):
    assert targets.why_refused(ipaddress.ip_address(address), private_ok=True) is None


@pytest.mark.parametrize("address", ALWAYS_REFUSED)
def test_metadata_services_are_refused_even_locally(address):
    assert targets.why_refused(ipaddress.ip_address(address), private_ok=True)


def test_hosted_refuses_the_receiver_when_it_is_added(alice, receiver, hosted):
    with pytest.raises(Invalid) as refused:
        webhooks.add_endpoint(alice, receiver.url, "all")
    assert "127.0.0.1, a loopback address" in refused.value.message
    assert "\n" not in refused.value.message
    assert not Endpoint.objects.exists()


def test_hosted_refuses_at_delivery_time_too(alice, receiver, endpoint, settings):
    settings.PARTING_WEBHOOKS_PRIVATE = False  # the site changed since the endpoint was added
    row = webhooks.send_test(alice, endpoint, wait=True)
    assert row.status == "failed" and "loopback" in row.error
    assert receiver.received == []


@pytest.fixture
def dns(monkeypatch):
    """Names under .example.test resolve to what the test says, in turn (the last answer
    repeats; "a,b" is two addresses); everything else resolves as usual."""
    answers: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".example.test"):
            queue = answers[host]
            ips = (queue.pop(0) if len(queue) > 1 else queue[0]).split(",")
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port),
                )
                for ip in ips
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return answers


def test_a_name_that_turns_private_later_is_refused(alice, receiver, hosted, dns):
    """DNS rebinding: public when added, loopback when delivered."""
    port = receiver.url.split(":")[2].split("/")[0]
    dns["hooks.example.test"] = ["93.184.216.34", "127.0.0.1"]
    hook = webhooks.add_endpoint(alice, f"http://hooks.example.test:{port}/in", "all")
    row = webhooks.send_test(alice, hook, wait=True)
    assert row.status == "failed" and "127.0.0.1, a loopback address" in row.error
    assert receiver.received == []


def test_a_delivery_connects_to_the_address_it_checked(alice, receiver, private_ok, dns):
    """Checked once per attempt; a second lookup answering elsewhere is never made."""
    port = receiver.url.split(":")[2].split("/")[0]
    dns["hooks.example.test"] = ["127.0.0.1", "127.0.0.1", "203.0.113.9"]
    hook = webhooks.add_endpoint(alice, f"http://hooks.example.test:{port}/in", "all")
    row = webhooks.send_test(alice, hook, wait=True)
    assert row.status == "delivered"
    [got] = receiver.received
    assert got.headers["host"] == f"hooks.example.test:{port}" and got.path == "/in"


def test_a_name_with_any_private_address_is_refused(alice, hosted, dns):
    dns["mixed.example.test"] = ["93.184.216.34,10.0.0.7"]
    with pytest.raises(Invalid) as refused:
        webhooks.add_endpoint(alice, "https://mixed.example.test/hook", "all")
    assert "10.0.0.7, a private address" in refused.value.message
    dns["public.example.test"] = ["93.184.216.34"]
    assert webhooks.add_endpoint(alice, "https://public.example.test/hook", "all").pk


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "give the endpoint's URL"),
        ("ftp://example.com/x", "must start with https:// or http://"),
        ("https://", "has no host name"),
        ("https://user:secret@example.com/", "no user name or password"),
        ("https://example.com:99999/", "port is not a number"),
        ("https://exa mple.com/", "spaces"),
        ("https://example.com/" + "a" * 2001, "longer than 2000"),
        ("http://nothing.invalid/", "does not resolve"),
    ],
)
def test_bad_urls_get_one_line(alice, hosted, url, says):
    with pytest.raises(Invalid) as refused:
        webhooks.add_endpoint(alice, url, "all")
    assert says in refused.value.message and "\n" not in refused.value.message
    assert not Endpoint.objects.exists()
