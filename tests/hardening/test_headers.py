"""Security headers: Permissions-Policy, no caching when signed in, HSTS behind an https proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_sends_a_permissions_policy_and_keeps_the_strict_csp(client):
    response = client.get("/login/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/", "/contacts/", "/data/export/csv/", "/data/backup/"])
def test_it_forbids_caching_signed_in_pages_and_exports(alice_client, alice, url):
    f.contact(alice)
    response = alice_client.get(url)
    assert response.status_code == 200, url
    assert response["Cache-Control"] == "private, no-store"


def test_it_sends_hsts_to_an_https_request_behind_the_proxy(alice_client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    response = alice_client.get(reverse("today"), HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def _settings_for(base_url: str) -> dict:
    env = {**os.environ, "PARTING_BASE_URL": base_url}
    code = (
        "import json, django; from django.conf import settings as s; django.setup();"
        "print(json.dumps([s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS]))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "parting.settings"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return json.loads(out.stdout)


def test_it_turns_on_hsts_and_the_proxy_header_for_an_https_base_url():
    assert _settings_for("https://parting.example.org") == [
        ["HTTP_X_FORWARDED_PROTO", "https"],
        31536000,
    ]
    assert _settings_for("http://127.0.0.1:8000") == [None, 0]
