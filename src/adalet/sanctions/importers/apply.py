"""Bringing a parsed list into the database: diff against what the authority's last import left, record the changes.

Each format's module (:mod:`.ofac`, :mod:`.ftm`) turns files into :class:`Record` objects and a list of
problems; :func:`apply` does the rest, the same way for every format:

* a record not seen before (or seen, then removed) is **added**; one whose normalised content changed is
  **amended** (the changed fields are recorded); a current entity missing from the new list is **removed**
  (``removed_on`` is set, nothing is deleted);
* a malformed row whose list id is still readable is *held*: its entity is neither removed nor amended;
* a list with no listing dates gets ``listed_on`` from a dates file when given, else the first-seen date;
* what an FtM entity says of itself beside its content (:data:`KEPT_AS_GIVEN`: its ``datasets``, ``first_seen``,
  ``last_seen``, ``last_change``) is kept in ``raw`` as the latest file gives it: an entity whose content is the same
  but whose stamps moved (OpenSanctions moves ``last_seen`` every day) is *refreshed*, not amended (no change record;
  the run counts as having changed the data, so screening serves the new stamps).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from adalet.names import blocking_keys
from adalet.sanctions import signals
from adalet.sanctions.importers.records import COMPARED, ListImportError, Parsed, Record
from adalet.sanctions.models import ChangeRecord, Designation, ImportRun, SanctionedEntity

#: Keys of ``raw`` (an FtM entity as read) kept as the latest file gives them, without an amendment.
KEPT_AS_GIVEN = ("datasets", "first_seen", "last_seen", "last_change")


def name_keys(names: list[str]) -> list[list[str]]:
    return [sorted(blocking_keys(n)) for n in names]


def _entity_fields(rec: Record, keys: list[list[str]] | None = None) -> dict[str, object]:
    return {
        "schema": rec.schema,
        "caption": rec.caption,
        "names": rec.names,
        "name_keys": keys if keys is not None else name_keys(rec.names),
        "birth_dates": rec.birth_dates,
        "nationalities": rec.nationalities,
        "programs": rec.programs,
        "remarks": rec.remarks,
        "properties": rec.properties,
        "raw": rec.raw,
        "content_hash": rec.content_hash(),
    }


def _listing(rec: Record, dates: dict[str, date], today: date) -> tuple[date, str]:
    if rec.listed_on:
        return rec.listed_on, "list"
    if rec.source_id in dates:
        return dates[rec.source_id], "dates-file"
    return today, "first-seen"


def apply(
    authority: str,
    fmt: str,
    source: str,
    parsed: Parsed,
    listed_dates: dict[str, date] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportRun:
    """Bring *authority*'s entities in line with *parsed*; returns the finished :class:`ImportRun`."""
    if not parsed.records:
        raise ListImportError(f"no readable records in {source} ({len(parsed.problems)} problems): nothing imported")
    dates = listed_dates or {}
    now = timezone.now()
    today = now.date()
    with transaction.atomic():
        run = ImportRun.objects.create(
            authority=authority, fmt=fmt, source=source, sha256=parsed.sha256, started_at=now, problems=parsed.problems
        )
        light = {
            r["source_id"]: r
            for r in SanctionedEntity.objects.filter(authority=authority).values(
                "id", "source_id", "content_hash", "listed_on", "listed_on_source", "removed_on",
                *(f"raw__{k}" for k in KEPT_AS_GIVEN),
            )
        }
        refreshed: list[tuple[int, dict[str, object]]] = []  # entity id, raw: the same content, other stamps
        seen: set[str] = set()
        new: list[SanctionedEntity] = []
        pending: list[tuple[Record | None, dict[str, object], str, tuple[date | None, str]]] = []
        for i, rec in enumerate(parsed.records):
            if progress and i % 500 == 0:
                progress(i)
            if rec.source_id in seen:
                run.problems.append(f"{rec.source_id}: listed twice, second entry ignored")
                continue
            seen.add(rec.source_id)
            old = light.get(rec.source_id)
            if old is None:
                listed_on, how = _listing(rec, dates, today)
                new.append(SanctionedEntity(
                    authority=authority, source_id=rec.source_id, listed_on=listed_on, listed_on_source=how,
                    first_seen=now, last_changed=now, **_entity_fields(rec),
                ))
                continue
            listed_on, how = _listing(rec, dates, old["listed_on"] or today)
            date_changed = how != "first-seen" and (listed_on, how) != (old["listed_on"], old["listed_on_source"])
            if how == "first-seen" and old["listed_on_source"] not in ("first-seen", ""):
                listed_on, how = old["listed_on"], str(old["listed_on_source"])  # a dates file given once is not forgotten
            if old["removed_on"] is not None:
                pending.append((rec, old, ChangeRecord.ADDED, (listed_on, how)))  # listed again
            elif old["content_hash"] != rec.content_hash() or date_changed:
                pending.append((rec, old, ChangeRecord.AMENDED, (listed_on, how)))
            elif any(rec.raw.get(k) != old[f"raw__{k}"] for k in KEPT_AS_GIVEN):
                refreshed.append((old["id"], rec.raw))
        for source_id, old in light.items():
            if source_id not in seen and source_id not in parsed.held and old["removed_on"] is None:
                pending.append((None, old, ChangeRecord.REMOVED, (None, "")))
        full = SanctionedEntity.objects.in_bulk([old["id"] for _, old, _, _ in pending])
        changes: list[tuple[SanctionedEntity, str, list[str]]] = [(e, ChangeRecord.ADDED, []) for e in new]
        updated: list[SanctionedEntity] = []
        for rec, old, change, (listed_on, how) in pending:
            ent = full[old["id"]]
            ent.last_changed = now
            if rec is None:
                ent.removed_on = today
                changes.append((ent, change, []))
                updated.append(ent)
                continue
            fields = [f for f in COMPARED if getattr(ent, f) != getattr(rec, f)]
            if (listed_on, how) != (ent.listed_on, ent.listed_on_source):
                fields.append("listed_on")
            known = dict(zip(ent.names, ent.name_keys))
            keys = [known[n] if n in known else sorted(blocking_keys(n)) for n in rec.names]
            for name, value in _entity_fields(rec, keys).items():
                setattr(ent, name, value)
            ent.listed_on, ent.listed_on_source, ent.removed_on = listed_on, how, None
            changes.append((ent, change, fields if change == ChangeRecord.AMENDED else []))
            updated.append(ent)
        SanctionedEntity.objects.bulk_create(new, batch_size=500)
        fields = [*COMPARED, "name_keys", "raw", "content_hash", "listed_on", "listed_on_source", "last_changed", "removed_on"]
        _update(updated, fields)
        _refresh_raw(refreshed)
        _sync_designations(authority, [e for e, _, _ in changes], {r.source_id: r for r in parsed.records}, today)
        ChangeRecord.objects.bulk_create(
            [ChangeRecord(run=run, entity=e, change=c, fields=f, at=now) for e, c, f in changes], batch_size=500
        )
        counts = {c: sum(1 for _, k, _ in changes if k == c) for c in ("added", "removed", "amended")}
        run.added, run.removed, run.amended = counts["added"], counts["removed"], counts["amended"]
        run.unchanged = len(seen) - run.added - run.amended
        run.changed = bool(changes or refreshed)
        run.finished_at = timezone.now()
        run.save()
    if run.changed:
        signals.changed("import", f"{authority} import #{run.pk}")
    return run


def _update(entities: list[SanctionedEntity], fields: list[str]) -> None:
    """One prepared UPDATE run for every entity (bulk_update's CASE expressions and per-row saves are far slower)."""
    if not entities:
        return
    qn = connection.ops.quote_name
    columns = [SanctionedEntity._meta.get_field(f) for f in fields]
    sql = (f"UPDATE {qn(SanctionedEntity._meta.db_table)} SET "
           + ", ".join(f"{qn(c.column)} = %s" for c in columns) + f" WHERE {qn('id')} = %s")
    params = [[c.get_db_prep_save(getattr(e, c.attname), connection) for c in columns] + [e.pk] for e in entities]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _refresh_raw(rows: list[tuple[int, dict[str, object]]]) -> None:
    """The raw record of entities whose content did not change (their stamps did), in one prepared UPDATE run."""
    if not rows:
        return
    qn = connection.ops.quote_name
    column = SanctionedEntity._meta.get_field("raw")
    sql = f"UPDATE {qn(SanctionedEntity._meta.db_table)} SET {qn(column.column)} = %s WHERE {qn('id')} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[column.get_db_prep_save(raw, connection), pk] for pk, raw in rows])


def _sync_designations(authority: str, entities: list[SanctionedEntity], records: dict[str, Record], today: date) -> None:
    """Designations of the changed entities follow their programs; a dropped program's designation ends."""
    if not entities:
        return
    ids = {e.pk for e in entities}
    current: dict[int, dict[str, Designation]] = {}
    for d in Designation.objects.filter(authority=authority):
        if d.entity_id in ids:
            current.setdefault(d.entity_id, {})[d.program] = d
    create, update = [], []
    for ent in entities:
        rec = records.get(ent.source_id)
        programs = set(rec.programs) if rec and ent.removed_on is None else set()
        for program in programs:
            listed_on = (rec.program_dates.get(program) if rec else None) or ent.listed_on
            d = current.get(ent.pk, {}).get(program)
            if d is None:
                create.append(Designation(entity=ent, authority=authority, program=program, listed_on=listed_on,
                                          source_record=ent.source_id))
            elif d.removed_on is not None or d.listed_on != listed_on:
                d.removed_on, d.listed_on = None, listed_on
                update.append(d)
        for program, d in current.get(ent.pk, {}).items():
            if program not in programs and d.removed_on is None:
                d.removed_on = today
                update.append(d)
    Designation.objects.bulk_create(create, batch_size=500)
    for d in update:
        d.save(update_fields=["listed_on", "removed_on"])
