"""Errors the domain raises. Each carries one clear line for the user."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `exit_code` follows the CLI contract."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(DomainError):
    """Bad input: exit 2."""

    exit_code = 2


class NotFound(DomainError):
    """Something named does not exist: exit 1."""

    exit_code = 1


class Conflict(DomainError):
    """Something named is ambiguous or conflicts with what exists: exit 1."""

    exit_code = 1
