"""A reader that leaves early (`parting due | head -1`) ends the command quietly."""

from __future__ import annotations

import io

from parting.cli.env import Environment
from parting.cli.main import main


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_the_command_quietly(alice):
    err = io.StringIO()
    env = Environment(stdout=ClosedPipe(), stderr=err, environ={})
    assert main(["--user", alice.email, "contact", "add", "Rita Ortiz"], env=env) == 0
    assert err.getvalue() == ""
