"""The app is headed for a strict Content-Security-Policy: no inline script, style or handler."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "parting"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTR = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style[\s>]", re.IGNORECASE)


def template_files():
    return sorted(TEMPLATES.rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(template_files()) >= 5


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.name)
def test_template_has_no_inline_script_style_or_handler(path):
    text = path.read_text()
    problems = [
        name
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("style= attribute", STYLE_ATTR),
            ("<style> tag", STYLE_TAG),
            ("on…= handler", HANDLER_ATTR),
        ]
        if pattern.search(text)
    ]
    assert not problems, f"{path}: {', '.join(problems)}"


@pytest.mark.django_db
def test_every_response_carries_the_policy(client):
    response = client.get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
