"""adalet worker [--burst]: run a background worker (database queue, or RQ on Redis when REDIS_URL is set).

A disk that fills or fails stops the worker with one line (exit 1) once the task at work is over; started again, it
queues the items given back and finishes them. The functions settings.WORKER_STARTUP names are called first (the
sanctions lists' schedule, which knows whether it is on): one that raises stops the worker with its line.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from adalet.archive import parent_watch
from adalet.archive.claims import release_dead_local_claims
from adalet.archive.tasks import requeue_pending, stop_worker_on_fault, worker_stopped_by


class Command(BaseCommand):
    help = "Run a background worker; start several, on one machine or many, to share the work."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--burst", action="store_true", help="Process what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls when idle (database queue).")

    def handle(self, *args: Any, **options: Any) -> None:
        parent_watch.watch_from_environment()  # started by `adalet serve`: stop when the server does
        released = release_dead_local_claims()
        stop_worker_on_fault()
        for start in getattr(settings, "WORKER_STARTUP", []):
            import_string(start)()
        if released and options["verbosity"]:
            self.stderr.write(f"took back {released} item(s) from workers of this host that died")
        if settings.REDIS_URL:
            # The database keeps its queue with the items; Redis may not have kept its own.
            requeued = requeue_pending()
            if requeued and options["verbosity"]:
                self.stderr.write(f"queued {requeued} pending item(s) again")
            # with the scheduler: deferred tasks (batches of confirmation emails) are only started by one
            call_command("rqworker", settings.TASK_QUEUE, job_class="django_tasks_rq.Job", burst=options["burst"],
                         with_scheduler=True, worker_class="adalet.archive.rq_worker.PromptWorker")
        else:
            requeued = requeue_pending(retried_only=True)
            if requeued and options["verbosity"]:
                self.stderr.write(f"queued {requeued} item(s) given back by a stopped or dead worker again")
            call_command(
                "db_worker",
                queue_name=settings.TASK_QUEUE,
                batch=options["burst"],
                interval=options["interval"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        stopped = worker_stopped_by()
        if stopped is not None:
            raise CommandError(stopped)
