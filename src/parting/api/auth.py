"""Who is calling: a personal access token in the `Authorization: Bearer` header, and
nowhere else. A token in the query string is refused (it would end up in logs and browser
history). A read-only token may not write. Each request counts against the token's rate
limit (domain.tokens.hit), kept in the database so every app process shares it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from parting.api.problems import ApiProblem
from parting.core.domain import tokens

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
QUERY_NAMES = ("token", "access_token", "api_key", "apikey", "key", "auth", "authorization")


def refuse_query_token(request: HttpRequest) -> None:
    for name, values in request.GET.lists():
        if name.lower() in QUERY_NAMES or any(tokens.looks_like_token(v) for v in values):
            raise ApiProblem(
                400,
                "token_in_query",
                "send the token in the Authorization header, never in the address",
                name,
            )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer pt_…`: the token's owner is the caller (R9)."""

    def __call__(self, request: HttpRequest) -> Any:
        refuse_query_token(request)
        found = super().__call__(request)
        if found is None:
            raise ApiProblem(
                401,
                "no_token",
                "send a personal access token: Authorization: Bearer <token>",
                headers={"WWW-Authenticate": 'Bearer realm="parting"'},
            )
        return found

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate(token.strip())
        if found is None:
            raise ApiProblem(
                401,
                "bad_token",
                "the token is unknown, expired or revoked",
                headers={"WWW-Authenticate": 'Bearer realm="parting", error="invalid_token"'},
            )
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiProblem(403, "read_only_token", f"token {found.prefix} may only read")
        limit = tokens.rate_limit()
        hit = tokens.hit(found, limit)
        if not hit.allowed:
            raise ApiProblem(
                429,
                "rate_limited",
                f"more than {limit} requests a minute; try again in {hit.retry_after} s",
                headers={"Retry-After": str(hit.retry_after)},
            )
        request.user = found.owner
        request.api_token = found  # type: ignore[attr-defined]
        return found
