"""Every account gets a profile and the default questions, however it was created."""

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from parting.core.domain.profiles import get_profile
from parting.core.domain.questions import ensure_defaults


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _new_account(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    if created and not raw:
        get_profile(instance)
        ensure_defaults(instance)
