"""Drive the CLI in-process: `run("contact", "add", "Rita")` -> Result(code, out, err)."""

from __future__ import annotations

import io

import pytest

from parting.cli.env import Environment
from parting.cli.main import main
from tests.cli.helpers import Result


@pytest.fixture
def run(db):
    def runner(
        *args: str, stdin: str = "", interactive: bool = False, environ: dict | None = None
    ) -> Result:
        env = Environment(
            stdin=io.StringIO(stdin),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            interactive=interactive,
            environ=environ or {},
        )
        code = main(list(args), env)
        return Result(code, env.stdout.getvalue(), env.stderr.getvalue())

    return runner


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Argon2 is slow on purpose; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
