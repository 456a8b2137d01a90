"""The search box: one reading of `q` for every list that can be searched."""

from __future__ import annotations

from django.http import HttpRequest

from parting.core.domain.bounds import search_text


def search_query(request: HttpRequest) -> str:
    """`q` without control characters (NUL breaks PostgreSQL), capped (long LIKE breaks SQLite)."""
    return search_text(request.GET.get("q", ""))
