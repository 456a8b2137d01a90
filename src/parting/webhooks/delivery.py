"""One attempt to deliver a message, and what follows: retries with exponential backoff over
about a day, and an endpoint disabled after failing for 3 days.

An attempt holds no transaction while it waits on the network (SQLite has one writer); it
checks the endpoint's address again (SSRF, DNS rebinding) and connects to the address it
checked. Any 2xx answer is a success; a redirect, another status, a refused address, a
timeout or a broken connection is a failure.
"""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
from typing import Any

from django.db import transaction
from django.utils import timezone

from parting.core.domain.errors import Invalid
from parting.webhooks import signing, targets
from parting.webhooks.models import TEST_EVENT, Delivery, Endpoint

# The wait after the nth failed attempt: 5 minutes, doubling; the 9th and last attempt comes
# about 21 hours after the first.
FIRST_WAIT = dt.timedelta(minutes=5)
ATTEMPTS = 9
DISABLE_AFTER = dt.timedelta(days=3)
TIMEOUT = 10.0  # seconds to connect, and again to answer
USER_AGENT = "Parting-Webhooks/1"


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after `attempts` failed attempts."""
    return FIRST_WAIT * 2 ** (attempts - 1)


class _Http(http.client.HTTPConnection):
    def __init__(self, target: targets.Target) -> None:
        super().__init__(target.host, target.port, timeout=TIMEOUT)
        self.ip = target.ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self.ip, self.port), self.timeout)


class _Https(http.client.HTTPSConnection):
    def __init__(self, target: targets.Target) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=TIMEOUT, context=self.tls)
        self.ip = target.ip

    def connect(self) -> None:
        sock = socket.create_connection((self.ip, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(target: targets.Target, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to the checked target; the answer's status code."""
    connection = (_Https if target.scheme == "https" else _Http)(target)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={"content-type": "application/json", "user-agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        response.read(4096)  # the answer's body is not kept; a little is read to end politely
        return response.status
    finally:
        connection.close()


def send(endpoint: Endpoint, message_id: str, body: bytes) -> tuple[int | None, str]:
    """One request: (status code or None, why it failed or "")."""
    try:
        target = targets.check(endpoint.url)
    except Invalid as exc:
        return None, exc.message
    stamp = int(timezone.now().timestamp())
    try:
        code = post(target, body, signing.headers(endpoint.secret, message_id, stamp, body))
    except (OSError, http.client.HTTPException) as exc:
        return None, _why(exc)
    return code, "" if 200 <= code < 300 else f"answered {code}"


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {TIMEOUT:g} seconds"
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return f"TLS failed: {str(exc)[:200]}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:250]


def attempt(delivery_id: int) -> dict[str, Any]:
    """Try a delivery once (a task on the queue); a retry is queued when it fails."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.finished:
        return {"skipped": True}
    endpoint = delivery.endpoint
    if not endpoint.enabled and delivery.event != TEST_EVENT:
        _finish(delivery, Delivery.Status.FAILED, None, "the endpoint is disabled")
        return {"status": Delivery.Status.FAILED}
    code, error = send(endpoint, delivery.message_id, delivery.body.encode())
    status = record(delivery, code, error)
    return {"status": status, "code": code, "attempts": delivery.attempts}


def record(delivery: Delivery, code: int | None, error: str) -> str:
    """Note an attempt's answer; on failure, retry later, give up, or disable the endpoint."""
    now = timezone.now()
    with transaction.atomic():
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.response_code = code
        delivery.error = error[:300]
        if not error:
            Endpoint.objects.filter(pk=delivery.endpoint_id).update(failing_since=None)
            return _save(delivery, Delivery.Status.DELIVERED)
        if delivery.event == TEST_EVENT:  # tried once, while the seeker waits; not counted
            return _save(delivery, Delivery.Status.FAILED)
        Endpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=True).update(
            failing_since=now
        )
        since = Endpoint.objects.values_list("failing_since", flat=True).get(
            pk=delivery.endpoint_id
        )
        if since is not None and now - since >= DISABLE_AFTER:
            _save(delivery, Delivery.Status.FAILED)
            disable_failing(delivery.endpoint_id, now)
            return Delivery.Status.FAILED
        if delivery.attempts >= ATTEMPTS:
            return _save(delivery, Delivery.Status.FAILED)
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        _save(delivery, Delivery.Status.RETRYING)
        transaction.on_commit(lambda: enqueue(delivery.pk, delivery.next_attempt_at))
    return Delivery.Status.RETRYING


def _save(delivery: Delivery, status: str) -> str:
    delivery.status = status
    if status != Delivery.Status.RETRYING:
        delivery.next_attempt_at = None
    delivery.save()
    return status


def _finish(delivery: Delivery, status: str, code: int | None, error: str) -> None:
    delivery.response_code = code
    delivery.error = error
    _save(delivery, status)


def disable_failing(endpoint_id: int, now: dt.datetime) -> None:
    """Three days of failure: the endpoint stops, its waiting deliveries fail, Today says so."""
    Endpoint.objects.filter(pk=endpoint_id, enabled=True).update(
        enabled=False, disabled_at=now, disabled_by_failure=True
    )
    Delivery.objects.filter(
        endpoint_id=endpoint_id, status__in=(Delivery.Status.PENDING, Delivery.Status.RETRYING)
    ).update(status=Delivery.Status.FAILED, next_attempt_at=None, error="the endpoint was disabled")


def enqueue(delivery_id: int, when: dt.datetime | None = None) -> None:
    """Queue an attempt, now or at `when`. A queue that cannot wait (`immediate`, for tests
    and debugging) leaves a retry unqueued: `next_attempt_at` still says when it was due."""
    from parting.tasks.webhooks import deliver

    if when is None:
        deliver.enqueue(delivery_id)
    elif deliver.get_backend().supports_defer:
        deliver.using(run_after=when).enqueue(delivery_id)
