"""Errors the domain raises. Each carries one clear line for the user, and a `code` with
`fields` so each door (web, CLI) can add its own hint without the domain naming flags or URLs."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class. `exit_code` follows the CLI contract."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        field: str | None = None,
        *,
        code: str | None = None,
        plain: str | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.fields = fields
        # The same refusal in plain words, without what was typed: a form shows it beside
        # the field, where the value is in sight ("not a phone number"). None: the message
        # says it plainly already.
        self.plain = plain
        # Every refusal at once (Checks): one per field a form shows.
        self.errors: list[DomainError] = [self]


class Invalid(DomainError):
    """Bad input: exit 2."""

    exit_code = 2


class NotFound(DomainError):
    """Something named does not exist: exit 1."""

    exit_code = 1


class Conflict(DomainError):
    """Something named is ambiguous or conflicts with what exists: exit 1."""

    exit_code = 1


class Checks:
    """Runs every field's check and refuses once, naming them all, so a form shows every
    field's error at once and the CLI prints them on one line.

        checks = Checks()
        with checks:
            value = check_phone(text)
        checks.done()
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def __enter__(self) -> Checks:
        return self

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, Invalid):
            self.errors.append(exc)
            return True  # noted; the next check runs
        return False

    def done(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            first = self.errors[0]
            refused = Invalid("; ".join(e.message for e in self.errors), first.field)
            refused.errors = list(self.errors)
            raise refused
