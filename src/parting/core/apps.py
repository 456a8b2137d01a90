from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "parting.core"
    label = "core"
    verbose_name = "Parting"

    def ready(self) -> None:
        from parting.core import signals  # noqa: F401
