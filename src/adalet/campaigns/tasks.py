"""Background work of the campaigns app, through Django's tasks framework: sending the confirmation emails and
the outcome notices due."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task


@task(queue_name=settings.TASK_QUEUE)
def send_confirmations(base_url: str | None = None) -> int:
    """Send the confirmation emails due (notices.send_due_confirmations); how many were sent."""
    from adalet.campaigns.notices import send_due_confirmations

    return send_due_confirmations(base_url)


@task(queue_name=settings.TASK_QUEUE)
def send_outcomes(base_url: str | None = None) -> int:
    """Send the notices that a letter's asks were fulfilled (notices.send_due_outcomes); how many were sent."""
    from adalet.campaigns.notices import send_due_outcomes

    return send_due_outcomes(base_url)
