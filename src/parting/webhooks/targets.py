"""Where an endpoint may send (SSRF): checked when it is added and again at each delivery.

On a hosted install an endpoint must resolve to public addresses only: never loopback,
private, link-local, shared (CGNAT), multicast or reserved ones, nor a cloud's metadata
service. PARTING_WEBHOOKS_PRIVATE (on by default for a local SQLite install, off with
DATABASE_URL) lets a seeker reach their own machine and network; metadata addresses and
0.0.0.0 stay refused even then. A delivery connects to the address it checked, so a name
that resolves differently a moment later (DNS rebinding) cannot move it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from parting.core.domain.errors import Invalid

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL = 2000
# Cloud metadata services, refused on every install (the link-local ones are refused anyway
# on a hosted one; Azure's wire server is a public address).
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "fd00:ec2::254",
        "100.100.100.200",
        "168.63.129.16",
    )
)


class Refused(Invalid):
    """The URL is not one an endpoint may reach."""


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to `ip`, speak to `host` (Host header, TLS name)."""

    scheme: str
    host: str
    port: int
    path: str
    ip: str


def parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or Invalid with one line."""
    url = (url or "").strip()
    if not url:
        raise Invalid("give the endpoint's URL", field="url")
    if len(url) > MAX_URL:
        raise Invalid(f"the URL is longer than {MAX_URL} characters", field="url")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise Invalid("the URL must not contain spaces or control characters", field="url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Invalid("the URL must start with https:// or http://", field="url")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise Invalid("the URL's port is not a number from 1 to 65535", field="url") from None
    if not host:
        raise Invalid("the URL has no host name", field="url")
    if parts.username is not None or parts.password is not None:
        raise Invalid("put no user name or password in the URL", field="url")
    if port == 0:
        raise Invalid("the URL's port is not a number from 1 to 65535", field="url")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def why_refused(ip: IP, private_ok: bool) -> str | None:
    """Why a delivery may not go to `ip`, or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "an unspecified address"
    if private_ok or (ip.is_global and not ip.is_multicast):
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    return "not a public address"


def resolve(host: str, port: int) -> list[IP]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Refused(f"{host} does not resolve to an address", field="url") from None
    addresses: list[IP] = []
    for *_, sockaddr in found:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise Refused(f"{host} does not resolve to an address", field="url")
    return addresses


def check(url: str, private_ok: bool | None = None) -> Target:
    """The target to connect to; Refused when any address the name has is not allowed."""
    scheme, host, port, path = parse(url)
    allowed = settings.PARTING_WEBHOOKS_PRIVATE if private_ok is None else private_ok
    addresses = resolve(host, port)
    for ip in addresses:
        why = why_refused(ip, allowed)
        if why:
            raise Refused(f"{host} resolves to {ip}, {why}: webhooks may not go there", field="url")
    return Target(scheme, host, port, path, str(addresses[0]))
