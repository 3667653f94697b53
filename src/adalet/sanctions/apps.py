from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "adalet.sanctions"
    label = "sanctions"
    verbose_name = "Sanctions"
