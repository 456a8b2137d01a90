"""Reading Parting's iCalendar output with two independent parsers: icalendar and ical.js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

JS = Path(__file__).resolve().parent / "js"


def parse_with_icaljs(data: bytes) -> dict:
    """Mozilla's ical.js under Node. Outside CI a missing Node or module skips, visibly."""
    node = shutil.which("node")
    installed = (JS / "node_modules" / "ical.js").is_dir()
    if not node or not installed:
        reason = "node is not installed" if not node else "run: npm install --prefix tests/js"
        if os.environ.get("CI"):
            pytest.fail(f"CI must check the calendar with ical.js: {reason}")
        pytest.skip(f"ical.js check skipped: {reason}")
    done = subprocess.run(
        [node, str(JS / "parse_ics.mjs")], input=data, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def parse_with_icalendar(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def assert_well_formed(data: bytes) -> None:
    """CRLF only, every line at most 75 octets, and no UTF-8 sequence split by a fold."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here
