"""The worker's schedule of sanctions fetches (ADALET_SANCTIONS_FETCH_HOURS; 0 or unset = off).

`adalet worker` calls :func:`start_schedule`: with a schedule, a daemon thread of the worker's process asks every
:data:`TICK_SECONDS` which configured sources are due (:func:`adalet.sanctions.fetch.schedule_due`: one conditional
UPDATE per source, so of several workers on several machines one queues each) and queues :func:`fetch_sources` for
them; whichever worker runs that task claims each source before fetching it (:func:`adalet.sanctions.fetch.claim`),
so a source is never fetched twice at once, whoever else (a second task, `adalet sanctions fetch` by hand) tries.
A failed fetch changes nothing and is logged; the source is due again after the same interval.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks import task

from adalet.sanctions import fetch

log = logging.getLogger("adalet.sanctions.fetch")
TICK_SECONDS = 60.0


@task(queue_name=settings.TASK_QUEUE)
def fetch_sources(names: list[str]) -> dict[str, str]:
    """Fetch these sources (each skipped when another process holds it); source → outcome or the error line."""
    return fetch.fetch_scheduled(names)


def tick(hours: float) -> list[str]:
    """Queue the sources due now that this process won; their names."""
    sources = fetch.load_sources(fetch.config_path())
    due = fetch.schedule_due(sources, hours)
    if due:
        fetch_sources.enqueue(due)
        log.info("sanctions fetch queued: %s", ", ".join(due))
    return due


def _loop(hours: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            tick(hours)
        except Exception:  # a broken sources file or database must not end the schedule: it is logged, tried again
            log.exception("sanctions fetch schedule")
        finally:
            connection.close()
        stop.wait(TICK_SECONDS)


def start_schedule() -> threading.Event | None:
    """With ADALET_SANCTIONS_FETCH_HOURS > 0, start the schedule's thread (its stop event); None without one.

    The sources file is read once here, so that a worker started with a schedule and no usable file stops at once
    with one line (:class:`adalet.sanctions.fetch.FetchError`) instead of failing quietly every minute."""
    hours = fetch.schedule_hours()
    if not hours:
        return None
    fetch.load_sources(fetch.config_path())
    stop = threading.Event()
    threading.Thread(target=_loop, args=(hours, stop), name="sanctions-fetch-schedule", daemon=True).start()
    return stop
