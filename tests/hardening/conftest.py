"""The CLI runner of tests/cli, shared with the hardening tests."""

from tests.cli.conftest import run  # noqa: F401
