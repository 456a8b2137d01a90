"""Errors the domain raises. Each carries one clear line for the user, and a `code` with
`fields` so each door (web, CLI) can add its own hint without the domain naming flags or URLs."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class. `exit_code` follows the CLI contract."""

    exit_code = 2

    def __init__(
        self, message: str, field: str | None = None, *, code: str | None = None, **fields: Any
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.fields = fields


class Invalid(DomainError):
    """Bad input: exit 2."""

    exit_code = 2


class NotFound(DomainError):
    """Something named does not exist: exit 1."""

    exit_code = 1


class Conflict(DomainError):
    """Something named is ambiguous or conflicts with what exists: exit 1."""

    exit_code = 1
