"""Who the token is: `/me`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from parting.api.problems import ERRORS
from parting.api.routes.common import caller

router = Router(tags=["account"])


class TokenOut(Schema):
    prefix: str
    name: str
    read_only: bool
    expires_at: str | None


class MeOut(Schema):
    id: int
    email: str
    token: TokenOut


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The account this token acts for")
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    token = request.api_token  # type: ignore[attr-defined]
    return {
        "id": user.pk,
        "email": user.email,
        "token": {
            "prefix": token.prefix,
            "name": token.name,
            "read_only": token.read_only,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    }
