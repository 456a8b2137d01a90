from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parting.web"
    label = "web"
    verbose_name = "Parting web"

    def ready(self) -> None:
        from django.urls import register_converter

        from parting.web.converters import IdConverter

        # Registered before any URLconf is read: every id in a path uses it.
        register_converter(IdConverter, "id")
