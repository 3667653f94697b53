"""The campaigns app: open letters, signatures, moderation and delivery."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "adalet.campaigns"
    label = "campaigns"
    verbose_name = "Open letters"
    default_auto_field = "django.db.models.BigAutoField"
