"""Runs every check on a collection, times each, scores items and the collection, and keeps the run.

Scores measure authenticity only: coverage findings (a photo without a record, a photo without EXIF: what the
leak holds, see ``checks.is_coverage``) are counted apart and never lower a score. A unit is a spreadsheet row or a
file; a unit with an authenticity error scores 0, with only warnings 0.5, else 1 (info findings never count). An
item scores the mean over its units (its rows, or itself); the collection the mean over all units. So one bad row in
a sheet of 500 costs that sheet 0.2%.

A run also keeps what each check examined (its counts, for the report's "not found" statements), which check gave
each finding, the tool's version, when it ran, and the custody head it covers: the log's newest record (seq and
digest) when the run began, which the run's own custody record repeats (``covers``), so a report can be checked
against the log later.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from adalet import __version__, bulkinsert
from adalet.archive import bindings, custody, reading
from adalet.people.facts import has_records
from adalet.verify.checks import SPECS, is_coverage
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Finding
from adalet.verify.models import Decision, FindingRecord, SignOff, VerificationRun

UNIT_SCORE = {"error": 0.0, "warning": 0.5}


@dataclass
class Verification:
    collection: str
    as_of: dt.date
    as_of_source: str
    findings: list[Finding]
    seconds: dict[str, float]
    items: int
    rows: int
    photos: int
    mapped: bool
    item_scores: dict[str, float] = field(default_factory=dict)
    score: float = 1.0
    run_id: int | None = None
    signoffs: dict[str, dict[str, Any]] = field(default_factory=dict)
    examined: dict[str, dict[str, int]] = field(default_factory=dict)  # check -> what it examined, counted
    origins: dict[str, str] = field(default_factory=dict)  # finding name -> the check that gave it
    custody_head: dict[str, Any] | None = None  # the log's newest record when the run began (seq, digest, at)
    custody_record: dict[str, Any] | None = None  # the run's own record on the log (seq, digest)
    version: str = __version__
    ran_at: dt.datetime | None = None
    actor: str = ""
    as_of_support: str = "given by the examiner: every date is judged against it"  # archive_date.ArchiveDate.support
    as_of_supported: bool = True

    def counts(self) -> dict[str, Any]:
        """Authenticity findings by severity and by check; coverage findings by check, apart."""
        authenticity = [f for f in self.findings if not is_coverage(f)]
        by_severity: Counter[str] = Counter(f.severity for f in authenticity)
        by_check = Counter(f.check for f in authenticity)
        coverage = Counter(f.check for f in self.findings if is_coverage(f))
        return {
            "by_severity": {s: by_severity[s] for s in ("error", "warning", "info")},
            "by_check": dict(sorted(by_check.items())),
            "coverage": {"rows": self.rows, "photos": self.photos, "by_check": dict(sorted(coverage.items()))},
        }

    def as_dict(self) -> dict[str, Any]:
        total = sum(self.seconds.values()) or 1.0
        return {
            "collection": self.collection,
            "run": self.run_id,
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "as_of_supported": self.as_of_supported,
            "as_of_support": self.as_of_support,
            "score": round(self.score, 4),
            "items": self.items,
            "rows": self.rows,
            "photos": self.photos,
            "records_mapped": self.mapped,
            "version": self.version,
            "ran_at": self.ran_at.isoformat(timespec="seconds") if self.ran_at else None,
            "actor": self.actor,
            "custody": {"covers": self.custody_head, "record": self.custody_record},
            "examined": self.examined,
            "origins": dict(sorted(self.origins.items())),
            "counts": self.counts(),
            "timing": {name: {"seconds": round(s, 3), "share": round(s / total, 3)} for name, s in self.seconds.items()},
            "item_scores": {k: round(v, 4) for k, v in sorted(self.item_scores.items()) if v < 1.0},
            "findings": [
                f.as_dict() | {"kind": "coverage" if is_coverage(f) else "authenticity", "signoff": self.signoffs.get(f.key)}
                for f in self.findings
            ],
        }


def _score(ctx: VerifyContext, findings: list[Finding], items: list[str]) -> tuple[dict[str, float], float]:
    worst: dict[tuple[str, str | None, int | None], float] = {}
    for finding in findings:
        if finding.severity in UNIT_SCORE and not is_coverage(finding):
            unit = (finding.item, finding.sheet, finding.row)
            worst[unit] = min(worst.get(unit, 1.0), UNIT_SCORE[finding.severity])
    rows_of: Counter[str] = Counter(row.locator for row in ctx.rows)
    lost: dict[str, float] = defaultdict(float)
    for (item, _sheet, _row), score in worst.items():
        lost[item] += 1.0 - score
    scores = {item: 1.0 - lost[item] / max(1, rows_of[item]) for item in items}
    units = sum(max(1, rows_of[item]) for item in items) or 1
    return scores, 1.0 - sum(lost.values()) / units


def verify_collection(collection_name: str, *, as_of: dt.date | None = None, actor: str = "adalet") -> Verification:
    collection = reading.collection(collection_name)
    ran_at = timezone.now()
    covers = custody_head()
    ctx = VerifyContext.load(collection, as_of)
    findings: list[Finding] = []
    seconds: dict[str, float] = {}
    examined: dict[str, dict[str, int]] = {}
    origins: dict[str, str] = {}
    for name, spec in SPECS.items():
        started = time.perf_counter()
        found = list(spec.run(ctx))
        examined[name] = spec.examine(ctx) if spec.examine else {}
        seconds[name] = time.perf_counter() - started
        findings.extend(found)
        origins.update((f.check, name) for f in found)
    findings.sort(key=lambda f: (f.item, f.sheet or "", f.row or 0, f.check))
    items = reading.locators(collection)
    item_scores, score = _score(ctx, findings, items)
    result = Verification(
        collection.name, ctx.as_of, ctx.as_of_source, findings, seconds, len(items), len(ctx.rows), len(ctx.photos),
        has_records(collection), item_scores, score,
    )
    if ctx.dating is not None:
        result.as_of_support, result.as_of_supported = ctx.dating.support, ctx.dating.supported
    result.signoffs = latest_signoffs(collection, {f.key for f in findings})
    result.examined, result.origins, result.custody_head, result.ran_at, result.actor = (
        examined, origins, covers, ran_at, actor)
    _save(collection, result, actor)
    return result


def custody_head() -> dict[str, Any]:
    """The custody log's newest record now (seq 0 and the genesis digest while the log is empty)."""
    record = custody.head()
    if record is None:
        return {"seq": 0, "digest": custody.GENESIS, "at": None}
    return {"seq": record.seq, "digest": record.digest, "at": record.at.isoformat()}


def latest_signoffs(collection: Any, keys: set[str]) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for s in SignOff.objects.filter(collection=collection).order_by("at", "pk"):
        if s.key in keys:
            latest[s.key] = {"decision": s.decision, "reviewer": s.reviewer, "note": s.note, "at": s.at.isoformat()}
    return latest


def _save(collection: Any, result: Verification, actor: str) -> None:
    summary = {"score": round(result.score, 4), **result.counts(), "covers": result.custody_head, "version": result.version}
    with transaction.atomic():
        with bindings.operation(actor, collection.name) as bound:  # its binding, then the run's record: the newest
            run = VerificationRun.objects.create(collection=collection, actor=actor, as_of=result.as_of, summary=summary)
            bulkinsert.insert(  # one prepared statement (COPY on PostgreSQL): Django's bulk_create took 10 s for 36,000
                FindingRecord,
                ("run_id", "key", "check_name", "severity", "item", "sheet", "row", "id_number", "message", "evidence"),
                ((run.pk, f.key, f.check, f.severity, f.item, f.sheet or "", f.row, f.id_number or "", f.message,
                  f.stored_evidence()) for f in result.findings),
            )
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
            bound.bind(FindingRecord.objects.filter(run=run))
        record = custody.append("verify", actor=actor, subject=collection.name, detail={"run": run.pk, **summary})
    result.run_id = run.pk
    result.custody_record = {"seq": record.seq, "digest": record.digest}


class SignOffError(ValueError):
    pass


def sign_off(collection_name: str, keys: list[str], decision: str, reviewer: str, note: str = "") -> list[SignOff]:
    """Record a reviewer's decision on findings of the collection's latest run (by key), on the custody log."""
    collection = reading.collection(collection_name)
    run = VerificationRun.objects.filter(collection=collection).order_by("-pk").first()
    if run is None:
        raise SignOffError(f"collection {collection.name} has not been verified yet: run `adalet verify {collection.name}`")
    known = set(run.findings.filter(key__in=keys).values_list("key", flat=True))
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise SignOffError(f"no finding with key {', '.join(unknown)} in the latest run ({run.pk}) of {collection.name}")
    if decision not in Decision.values:
        raise SignOffError(f"decision must be one of {', '.join(Decision.values)}")
    if decision == "dismissed" and not note.strip():
        raise SignOffError("dismissing a finding needs a note saying why")
    made = []
    with transaction.atomic(), bindings.operation(reviewer, collection.name):
        for key in keys:
            record = custody.append(
                "verify-signoff", actor=reviewer, subject=f"{collection.name} finding {key}",
                detail={"run": run.pk, "key": key, "decision": decision, "note": note},
            )
            made.append(
                SignOff.objects.create(
                    collection=collection, key=key, decision=decision, reviewer=reviewer, note=note, custody_seq=record.seq
                )
            )
    return made
