"""URL converters: an id in a path is a 64-bit row id, anything else does not match (404)."""

from __future__ import annotations

from parting.core.domain.bounds import parse_id


class IdConverter:
    """`<id:pk>`: ASCII digits within the 64-bit range the database holds."""

    regex = "[0-9]{1,20}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django reads ValueError as "no match": a 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
