from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "adalet.web"
    label = "web"
