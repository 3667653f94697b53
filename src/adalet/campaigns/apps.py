"""The campaigns app: open letters, signatures, moderation and delivery, and what came of a letter's asks."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "adalet.campaigns"
    label = "campaigns"
    verbose_name = "Open letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from adalet.archive import bindings
        from adalet.campaigns import outcomes
        from adalet.campaigns.models import Ask, Delivery, Response
        from adalet.sanctions.signals import lists_changed

        # what the letter's page states as facts: the asks and their outcome, deliveries, responses
        bindings.register(Ask, exclude=["created_at"])
        bindings.register(Delivery)
        bindings.register(Response, exclude=["recorded_at"])
        lists_changed.connect(outcomes.on_lists_changed, dispatch_uid="campaigns-outcomes")
