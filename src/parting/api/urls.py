"""`/api/v1/`: the API, its interactive docs, and a problem answer for any other address
or method."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path

from parting.api import docs, problems
from parting.api.main import api, not_found
from parting.api.problems import ApiProblem


def _method_problem(view: Any) -> Any:
    """A method a route does not take is a 405 problem, naming the ones it does."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").endswith("json"):
            return response
        allowed = response.get("Allow", "")
        answer = problems.respond(
            ApiProblem(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed here; use {allowed}",
                headers={"Allow": allowed},
            )
        )
        return answer

    return wrapped


def _api_patterns() -> Any:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _method_problem(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("api/v1/docs/", docs.docs_page, name="api_docs"),
    path("api/v1/", _api_patterns()),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]
