"""A real HTTP receiver on 127.0.0.1 that keeps what it is sent, and endpoints aimed at it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parting.core.domain import webhooks
from tests.cli.conftest import run  # noqa: F401 (the CLI fixture)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)
    # The status codes of the next answers, in order; 200 once they run out.
    answers: list[int] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        self.receiver.received.append(
            Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        status = self.receiver.answers.pop(0) if self.receiver.answers else 200
        self.send_response(status)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    found = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/parting")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"receiver": found})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_ok(settings):
    """A local install: endpoints may be on this machine."""
    settings.PARTING_WEBHOOKS_PRIVATE = True


@pytest.fixture
def hosted(settings):
    """A hosted install: endpoints must resolve to public addresses."""
    settings.PARTING_WEBHOOKS_PRIVATE = False


@pytest.fixture
def endpoint(alice, receiver, private_ok):
    """Alice's endpoint, hearing every event, at the receiver."""
    return webhooks.add_endpoint(alice, receiver.url, "all")
