from django.apps import AppConfig


class VerifyConfig(AppConfig):
    name = "adalet.verify"
    label = "verify"
    verbose_name = "Verification"
