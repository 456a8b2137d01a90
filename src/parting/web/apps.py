from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parting.web"
    label = "web"
    verbose_name = "Parting web"
