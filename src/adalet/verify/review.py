"""The findings a reviewer still has to decide, for review queues (the web workspace).

A finding waits for review when it is an error or a warning of the collection's latest run (the run `sign_off`
records against) and its latest sign-off, if any, settles nothing (``noted``). Info findings are context and never
wait. Decisions themselves are `runner.sign_off`, which puts each on the custody log; `sign_off_pending` takes one
decision on many findings at once (each still its own sign-off and custody record), skipping those already settled.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from adalet.verify.models import Decision, FindingRecord, SignOff, VerificationRun
from adalet.verify.runner import sign_off

REVIEWED_SEVERITIES = ("error", "warning")
SETTLED = (Decision.CONFIRMED, Decision.DISMISSED)


def latest_run(collection: Any) -> VerificationRun | None:
    """The run sign-offs are recorded against (the newest, as `sign_off` takes it)."""
    return VerificationRun.objects.filter(collection=collection).order_by("-pk").first()


def latest_signoffs(collection: Any) -> dict[str, SignOff]:
    """The sign-off that counts for each finding key of the collection (the latest)."""
    latest: dict[str, SignOff] = {}
    for signoff in SignOff.objects.filter(collection=collection).order_by("at", "pk"):
        latest[signoff.key] = signoff
    return latest


def _settled_keys(collection: Any) -> list[str]:
    return [key for key, signoff in latest_signoffs(collection).items() if signoff.decision in SETTLED]


def pending_findings(collection: Any) -> QuerySet[FindingRecord]:
    """Errors and warnings of the latest run that no sign-off settles yet, errors first."""
    run = latest_run(collection)
    if run is None:
        return FindingRecord.objects.none()
    return (
        run.findings.filter(severity__in=REVIEWED_SEVERITIES)
        .exclude(key__in=_settled_keys(collection))
        .order_by("severity", "item", "sheet", "row", "pk")  # "error" sorts before "warning"
    )


def decided_findings(collection: Any) -> QuerySet[FindingRecord]:
    """Findings of the latest run that a sign-off settles (confirmed or dismissed)."""
    run = latest_run(collection)
    if run is None:
        return FindingRecord.objects.none()
    return run.findings.filter(key__in=_settled_keys(collection)).order_by("severity", "item", "sheet", "row", "pk")


def finding(collection: Any, key: str) -> FindingRecord | None:
    """One finding of the latest run, by key."""
    run = latest_run(collection)
    return run.findings.filter(key=key).first() if run else None


def narrowed(found: QuerySet[FindingRecord], check: str = "", severity: str = "") -> QuerySet[FindingRecord]:
    """Findings of one check and one severity (error, warning), when given."""
    if check:
        found = found.filter(check_name=check)
    if severity:
        found = found.filter(severity=severity)
    return found


def check_names(collection: Any) -> list[str]:
    """The checks with findings to review in the collection's latest run."""
    run = latest_run(collection)
    if run is None:
        return []
    found = run.findings.filter(severity__in=REVIEWED_SEVERITIES).values_list("check_name", flat=True)
    return sorted(set(found))


def sign_off_pending(collection: Any, keys: list[str], decision: str, reviewer: str,
                     note: str = "") -> tuple[list[SignOff], list[str]]:
    """One decision on those of ``keys`` still waiting for review (each its own sign-off on the custody log, as
    `runner.sign_off` records them); the keys skipped (not waiting: settled, unknown, info)."""
    waiting = set(pending_findings(collection).filter(key__in=keys).values_list("key", flat=True))
    chosen = [key for key in dict.fromkeys(keys) if key in waiting]
    skipped = [key for key in dict.fromkeys(keys) if key not in waiting]
    made = sign_off(collection.name, chosen, decision, reviewer, note) if chosen else []
    return made, skipped
