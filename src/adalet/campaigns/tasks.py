"""Background work of the campaigns app, through Django's tasks framework: sending the confirmation emails due."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task


@task(queue_name=settings.TASK_QUEUE)
def send_confirmations(base_url: str | None = None) -> int:
    """Send the confirmation emails due (notices.send_due_confirmations); how many were sent."""
    from adalet.campaigns.notices import send_due_confirmations

    return send_due_confirmations(base_url)
