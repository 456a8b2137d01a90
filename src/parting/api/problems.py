"""Errors as `application/problem+json` (RFC 9457): a status, a title, one clear line of
detail, a machine-readable `code` and, when one field is at fault, its name.

400 for a request that cannot be read (malformed JSON, a bad cursor, a token in the query
string); 422 for values the rules refuse; 404 for anything that is not the caller's, exactly
as for what does not exist (never 403, which would say that it exists); 409 for a conflict
(a third favourite, a name taken); 412 when `If-Match` names an older version; 429 when a
token is over its rate limit.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

from parting.core.domain.errors import Conflict, DomainError, Invalid, NotFound

CONTENT_TYPE = "application/problem+json"
# The names the routes give their body and query schemas (parting.api.routes).
PARAMETERS = ("data", "q")

TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Server error",
}


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    field: str | None = None
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        field: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.field = status, code, detail, field
        self.headers = headers or {}
        self.errors = errors


def body(
    status: int,
    code: str,
    detail: str,
    field: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": f"urn:parting:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        "field": field,
    }
    if errors:
        data["errors"] = errors
    return data


def respond(problem: ApiProblem) -> HttpResponse:
    data = body(problem.status, problem.code, problem.detail, problem.field, problem.errors)
    response = HttpResponse(json.dumps(data), status=problem.status, content_type=CONTENT_TYPE)
    for name, value in problem.headers.items():
        response[name] = value
    return response


# The domain names a related row by its word; the API's bodies name it by its id.
ID_FIELDS = {
    "referrer": "referrer_id",
    "contact": "contact_id",
    "conversation": "conversation_id",
    "question": "question_id",
    "lead": "lead_id",
    "parent": "parent_id",
}


def from_domain(exc: DomainError) -> ApiProblem:
    """A refusal of the domain, worded as the web and the CLI word it."""
    exc.field = ID_FIELDS.get(exc.field or "", exc.field)
    if isinstance(exc, NotFound):
        return ApiProblem(404, exc.code or "not_found", exc.message, exc.field)
    if isinstance(exc, Conflict):
        return ApiProblem(409, exc.code or "conflict", exc.message, exc.field)
    if isinstance(exc, Invalid):
        return ApiProblem(422, exc.code or "invalid", exc.message, exc.field)
    return ApiProblem(422, exc.code or "invalid", exc.message, exc.field)


def from_validation(errors: list[dict[str, Any]]) -> ApiProblem:
    """Pydantic's errors about the request: the first one worded, all of them listed."""
    listed = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        if loc and loc[0] in PARAMETERS:  # the view's parameter, not a field of the request
            loc = loc[1:]
        where = loc
        listed.append(
            {
                "field": ".".join(where) or None,
                "code": error.get("type", "invalid"),
                "detail": str(error.get("msg", "invalid")),
            }
        )
    if not listed:
        return ApiProblem(422, "invalid", "the request is not valid")
    first = listed[0]
    if first["code"] in ("json_invalid", "model_attributes_type") and not first["field"]:
        return ApiProblem(400, "malformed_json", "the body is not a JSON object", errors=listed)
    if first["code"] == "extra_forbidden":
        detail = f"unknown field {first['field']!r}"
        return ApiProblem(422, "unknown_field", detail, first["field"], errors=listed)
    detail = f"{first['field']}: {first['detail']}" if first["field"] else first["detail"]
    return ApiProblem(422, first["code"], detail, first["field"], errors=listed)


def handler_for(_request: HttpRequest, exc: Exception) -> HttpResponse:
    return respond(exc if isinstance(exc, ApiProblem) else ApiProblem(500, "error", str(exc)))


# The error answers each operation documents, beside its own success.
ERRORS: dict[int, type[Schema]] = {
    400: Problem,
    401: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 403: Problem, 409: Problem, 412: Problem}
