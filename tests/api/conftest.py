"""API clients: each holds a personal access token and sends it as a Bearer header."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from parting.core.domain import tokens


class Api:
    """A client of /api/v1 with one token (or none)."""

    def __init__(self, secret: str | None, user: Any = None) -> None:
        self.secret = secret
        self.user = user
        self.client = Client()

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        sent = dict(headers or {})
        if self.secret is not None:
            sent.setdefault("Authorization", f"Bearer {self.secret}")
        return sent

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: str | None = None,
        headers: dict[str, str] | None = None,
        **query: Any,
    ) -> Any:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs: dict[str, Any] = {"headers": self._headers(headers)}
        if method == "get":
            return self.client.get(url, query, **kwargs)
        return getattr(self.client, method)(url, payload, content_type="application/json", **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("get", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("post", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("patch", path, body, **kw)


def api_for(user: Any, **kw: Any) -> Api:
    return Api(tokens.create_token(user, "test", **kw).secret, user)


@pytest.fixture
def alice_api(alice):
    return api_for(alice)


@pytest.fixture
def bob_api(bob):
    return api_for(bob)


@pytest.fixture
def charlie_api(charlie):
    return api_for(charlie)


@pytest.fixture
def alice_reader(alice):
    return api_for(alice, read_only=True)


@pytest.fixture
def anonymous_api(db):
    return Api(None)


@pytest.fixture
def run_cli(db):
    """The CLI in-process, as tests/cli runs it."""
    import io

    from parting.cli.env import Environment
    from parting.cli.main import main
    from tests.cli.helpers import Result

    def runner(*args: str) -> Result:
        env = Environment(
            stdin=io.StringIO(),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            interactive=False,
            environ={},
        )
        code = main(list(args), env)
        result = Result(code, env.stdout.getvalue(), env.stderr.getvalue())
        assert code == 0, result.err
        return result

    return runner


def problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is a problem+json of `status` (and `code`); returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    data = response.json()
    assert data["status"] == status
    if code is not None:
        assert data["code"] == code, data
    return data
