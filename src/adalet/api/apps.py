from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "adalet.api"
    label = "api"
