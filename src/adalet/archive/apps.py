from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "adalet.archive"
    label = "archive"
    verbose_name = "Evidence archive"
