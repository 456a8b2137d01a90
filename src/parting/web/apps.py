from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parting.web"
    label = "web"
    verbose_name = "Parting web"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.urls import register_converter

        from parting.web.converters import IdConverter
        from parting.web.signin import note_sign_in

        # Registered before any URLconf is read: every id in a path uses it.
        register_converter(IdConverter, "id")
        user_logged_in.connect(note_sign_in, dispatch_uid="parting-note-sign-in")
