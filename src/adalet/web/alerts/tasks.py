"""The digest as background work: queued after every committed sanctions list import, registry load or match
review (`adalet.sanctions.signals.lists_changed`), so that whoever watches an official hears of a new designation
without waiting for someone to run `adalet alerts send`. Whichever worker runs it sends through web.alerts.digest,
whose claims keep a digest from going twice however many run at once.

An ingest has no such hook (the archive sends no signal when one ends, and a background ingest ends when its
extraction does, in whichever worker finishes it): news of new items, records and photos goes with the next
`adalet alerts send` (run it from cron) or the next list update's digest.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

log = logging.getLogger("adalet.web.alerts")


@task(queue_name=settings.TASK_QUEUE)
def send_digests(base_url: str | None = None) -> dict[str, int]:
    """Send the digests due (web.alerts.digest.send_all); how many went and how many lines they carried."""
    from adalet.web.alerts.digest import send_all

    report = send_all(base_url)
    return {"sent": report.sent, "lines": report.lines, "claimed_elsewhere": report.claimed_elsewhere}


def on_lists_changed(sender: object = None, *, reason: str = "", subject: str = "", **kwargs: object) -> None:
    """The sanctions data changed and the change is committed: queue the digest, when anyone asked for email."""
    from adalet.web.models import Watch

    if Watch.objects.filter(email=True).exists():
        send_digests.enqueue()
        log.info("alerts digest queued after %s: %s", reason or "a list update", subject)
