"""Settings: the environment is read loudly, and the README and docs list exactly what is read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parting import settings as parting_settings
from parting.email_url import CONSOLE, email_settings

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r"""(?:env\w*|environ\.get|env\.get)\(\s*["']((?:PARTING|DATABASE)_\w+)["']""")
ROW = re.compile(r"^\| `((?:PARTING|DATABASE)_\w+)` \|", re.M)


def read_from_environment() -> set[str]:
    """Every PARTING_* (and DATABASE_URL) the code reads from the environment."""
    names: set[str] = set()
    for path in (ROOT / "src" / "parting").rglob("*.py"):
        names |= set(READ.findall(path.read_text()))
    return names


def table(path: Path, heading: str) -> set[str]:
    section = path.read_text().split(heading, 1)[1].split("\n## ", 1)[0]
    return set(ROW.findall(section))


def test_the_scan_finds_the_settings():
    assert {"PARTING_HOME", "DATABASE_URL", "PARTING_IMPORT_MAX_ROWS"} <= read_from_environment()


@pytest.mark.parametrize(
    ("doc", "heading"),
    [("README.md", "## Configuration"), ("docs/design.md", "## Data and configuration")],
)
def test_every_setting_read_is_documented_and_every_documented_one_is_read(doc, heading):
    documented = table(ROOT / doc, heading)
    read = read_from_environment()
    assert read - documented == set(), f"{doc} does not document these settings"
    assert documented - read == set(), f"{doc} documents settings nothing reads"


@pytest.mark.parametrize(
    ("helper", "value", "message"),
    [
        ("envbool", "maybe", "PARTING_X must be 1/0, true/false, yes/no or on/off, not 'maybe'"),
        ("envint", "lots", "PARTING_X must be a whole number, not 'lots'"),
        ("envint", "0", "PARTING_X must be at least 1, not 0"),
    ],
)
def test_a_bad_value_fails_loudly(monkeypatch, helper, value, message):
    monkeypatch.setenv("PARTING_X", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        getattr(parting_settings, helper)("PARTING_X", 1)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("helper", "value", "expected"),
    [
        ("envbool", "Yes", True),
        ("envbool", "off", False),
        ("envbool", "", True),
        ("envint", " 7 ", 7),
    ],
)
def test_good_values_and_blank_ones_read_as_expected(monkeypatch, helper, value, expected):
    monkeypatch.setenv("PARTING_X", value)
    assert getattr(parting_settings, helper)("PARTING_X", 1) == expected


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org", "https://", "example.org", "http://exa mple.org:99999"],
)
def test_a_bad_base_url_fails_loudly(monkeypatch, url):
    monkeypatch.setenv("PARTING_BASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="PARTING_BASE_URL"):
        parting_settings.base_url()


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://host:port"])
def test_a_bad_email_url_fails_loudly(url):
    with pytest.raises(ImproperlyConfigured, match="PARTING_EMAIL_URL"):
        email_settings(url)


def test_the_email_url_becomes_djangos_settings():
    assert email_settings("") == {"EMAIL_BACKEND": CONSOLE}
    ssl = email_settings("smtps://me%40x.org:p%40ss@mail.example:2465")
    assert (ssl["EMAIL_HOST"], ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"]) == (
        "mail.example",
        2465,
        True,
    )
    assert (ssl["EMAIL_HOST_USER"], ssl["EMAIL_HOST_PASSWORD"]) == ("me@x.org", "p@ss")
    assert email_settings("smtp://mail.example")["EMAIL_PORT"] == 25
    submission = email_settings("smtp://u:p@mail.example:587")
    assert submission["EMAIL_USE_TLS"] and not submission["EMAIL_USE_SSL"]


def test_the_cli_says_which_setting_is_wrong_in_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PARTING_HOME": str(tmp_path), "PARTING_IMPORT_MAX_MB": "lots"}
    done = subprocess.run(
        [sys.executable, "-c", "from parting.cli.main import run; run()", "due"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        "parting: cannot start: PARTING_IMPORT_MAX_MB must be a whole number, not 'lots'\n"
    )
