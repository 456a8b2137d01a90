"""Types the domain speaks in."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

# A seeker's account: the one user model (settings.AUTH_USER_MODEL is Django's own).
User: TypeAlias = "AuthUser"
