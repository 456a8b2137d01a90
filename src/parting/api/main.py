"""`/api/v1`: the third door onto the domain, beside the web pages and the CLI.

Every route runs as the token's owner and reads or writes only through `parting.core.domain`
(and, for a coach, `domain.sharing.shared_view`), so R1–R9 hold here as at the other doors.
`/api/v1/openapi.json` is public; every other route needs a token.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import Http404 as NinjaHttp404

from parting.api import problems
from parting.api.auth import TokenAuth, refuse_query_token
from parting.api.problems import ApiProblem
from parting.core.domain.errors import DomainError

log = logging.getLogger(__name__)


class PartingApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """The description, with every error answer typed application/problem+json."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content.pop("application/json")}
        return schema


api = PartingApi(
    title="Parting API",
    version="1",
    description=(
        "Contacts, companies, openings, conversations, asks, leads, follow-ups and questions "
        "of one account, with its funnel, referral tree and Today list. Send a personal "
        "access token (Settings → API, or `parting token create`) as "
        "`Authorization: Bearer <token>`. Errors are application/problem+json."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problems.respond(exc)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problems.respond(problems.from_domain(exc))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problems.respond(problems.from_validation(list(exc.errors)))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.respond(
        ApiProblem(401, "no_token", "send a personal access token: Authorization: Bearer <token>")
    )


@api.exception_handler(NinjaHttp404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problems.respond(ApiProblem(404, "not_found", "not found"))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's word for a body that is not JSON
        detail = "the body is not JSON: send a JSON object"
        return problems.respond(ApiProblem(400, "malformed_json", detail))
    return problems.respond(ApiProblem(exc.status_code, "error", str(exc)))


def query_names(operation: Any) -> frozenset[str]:
    """The query parameters an operation declares."""
    names: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            names |= set(getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
    return frozenset(names)


def refuse_unknown_query(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An unknown query parameter is refused, not ignored (a misspelt filter would otherwise
    answer the whole list). A token in the address is refused first, as such."""
    allowed = query_names(run.__self__)  # type: ignore[attr-defined]  # a bound Operation.run

    @functools.wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unknown = sorted(set(request.GET) - allowed)
        if unknown and run.__self__.auth_callbacks:  # type: ignore[attr-defined]
            try:
                refuse_query_token(request)
            except ApiProblem as exc:
                return problems.respond(exc)
            detail = f"unknown query parameter {unknown[0]!r}"
            if allowed:
                detail += f"; use {', '.join(sorted(allowed))}"
            return problems.respond(ApiProblem(422, "unknown_field", detail, unknown[0]))
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(refuse_unknown_query, mode="view")


def _register() -> None:
    from parting.api.routes import calls, captures, insights, leads, network, tokens, webhooks

    api.add_router("", network.router)
    api.add_router("", calls.router)
    api.add_router("", leads.router)
    api.add_router("", insights.router)
    api.add_router("", tokens.router)
    api.add_router("", webhooks.router)
    api.add_router("", captures.router)


_register()


@csrf_exempt  # a token is the API's credential, never a cookie: nothing to forge
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/."""
    return problems.respond(ApiProblem(404, "not_found", f"no such address: {request.path}"))
