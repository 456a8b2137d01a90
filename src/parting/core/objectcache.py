"""The process's cache, which keeps the objects it is given rather than pickled copies.

Only `domain.freshness` uses it, for results remembered under an account's data stamp: Today's
summary with its 50-odd follow-ups took longer to unpickle on every request (3 ms on the bench
account) than the rest of the lookup. A reader shares what it gets with every later reader, so
nothing read from this cache is ever changed in place; freshness's results are built once and
then only read by templates. Expiry, culling and `clear()` are Django's LocMemCache's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectCache(LocMemCache):
    if TYPE_CHECKING:  # LocMemCache's own parts, which its stubs leave out
        _cache: OrderedDict[str, Any]
        _lock: threading.Lock

        def _has_expired(self, key: str) -> bool: ...
        def _delete(self, key: str) -> bool: ...
        def _set(self, key: str, value: Any, timeout: Any = ...) -> None: ...

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value
