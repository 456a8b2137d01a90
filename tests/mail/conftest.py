"""The mail tests' real IMAP server (tests/mail/dovecot.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.cli.conftest import run  # noqa: F401  (the CLI, in-process)
from tests.mail.dovecot import Dovecot, binary


@pytest.fixture(scope="session")
def dovecot():
    if binary() is None:
        if os.environ.get("CI"):
            pytest.fail("CI: dovecot is missing (apt-get install dovecot-imapd)")
        pytest.skip(
            "NOTICE: Dovecot not found: the IMAP tests are SKIPPED (apt-get install dovecot-imapd)"
        )
    # Not under pytest's own temporary folder: Dovecot's mail user must be able to walk in.
    root = Path(tempfile.mkdtemp(prefix="parting-dovecot-"))
    root.chmod(0o755)
    server = Dovecot.start(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot):
    """An empty mailbox of the test's own on the running server."""
    return dovecot.new_user()
