from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "adalet.bundles"
    label = "bundles"
    verbose_name = "Publication bundles"
