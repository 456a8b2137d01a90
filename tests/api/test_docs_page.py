"""The interactive docs: served from the app's own files, under the strict CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from tests.test_csp import HANDLER_ATTR, INLINE_SCRIPT, STYLE_ATTR, STYLE_TAG

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_only_local_files_under_the_policy(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    for pattern in (INLINE_SCRIPT, STYLE_ATTR, STYLE_TAG, HANDLER_ATTR):
        assert not pattern.search(html), pattern.pattern
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("api/docs.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset  # no CDN, no other host
        assert finders.find(asset.removeprefix("/static/")), asset
        assert client.get(asset).status_code == 200
    assert 'data-openapi-url="/api/v1/openapi.json"' in html


def test_the_description_is_openapi_3_1_and_public(client):
    data = client.get("/api/v1/openapi.json").json()
    assert data["openapi"].startswith("3.1")
    assert "/api/v1/conversations/{id}/asks" in data["paths"]
    assert data["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
