"""Verification: runs, findings and reviewers' sign-offs are bound on the custody log."""

from django.apps import AppConfig


class VerifyConfig(AppConfig):
    name = "adalet.verify"
    label = "verify"
    verbose_name = "Verification"

    def ready(self) -> None:
        from adalet.archive import bindings
        from adalet.verify.models import FindingRecord, SignOff, VerificationRun

        bindings.register(VerificationRun, exclude=["started_at"])
        bindings.register(FindingRecord)
        bindings.register(SignOff)
