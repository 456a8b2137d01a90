"""The interactive API docs: Swagger UI from files served by the app itself (no CDN), started
by our own script file, so the page keeps the strict Content-Security-Policy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def docs_page(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json")})
