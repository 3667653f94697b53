"""Staff's answers to families' requests (web.models.RelativeRequest, sent from /relatives/next/): a status (open,
in progress, done, declined) with a note to the team, and, for a removal request about a record, the record withheld.

Every answer goes on the custody log as reviewers' decisions do, with what the log may keep of a family's request:
its number, kind, record, the status before and after, and a SHA-256 of the note (a note may repeat the
requester's name or contact, which the log never holds). Nothing is deleted: withholding sets `Item.withheld` on
the file the record was read from (the archive's own "not shown to visitors until published" mark, the one
`adalet collection pending` lists), bound on the custody log with the item; visitors, viewers and accounts without a
role then no longer see the file, its records nor the relative search's card, and cached public pages are made
again (the write renews the page cache's generation). A file holds other records too: withholding hides them all
from visitors; publishing the collection again does not release it (archive.custody.withheld_on_request).
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from adalet.archive import bindings, custody
from adalet.archive.models import Item
from adalet.web.models import RelativeRequest

STATUSES = tuple(RelativeRequest.Status.values)
MAX_NOTE = 2000


class AnswerError(ValueError):
    """An answer that cannot be recorded, in words for the staff member (nothing was changed)."""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def answer(request_id: int, status: str, note: str, actor: str) -> RelativeRequest:
    """Set the request's status and the team's note, on the custody log in the same transaction."""
    if status not in STATUSES:
        raise AnswerError("status must be one of: " + ", ".join(STATUSES))
    note = note.strip()[:MAX_NOTE]
    with transaction.atomic():
        found = RelativeRequest.objects.select_for_update().filter(pk=request_id).first()
        if found is None:
            raise AnswerError(f"no family request {request_id}")
        before = found.status
        entry = custody.append(
            "relative-request-answer",
            actor=actor,
            subject=f"relative request {found.pk}",
            detail={"request": found.pk, "kind": found.kind, "record": found.person_id, "from": before, "to": status,
                    "note_sha256": _sha256(note) if note else None},
        )
        found.status, found.team_note = status, note
        found.answered_by, found.answered_at = actor, entry.at
        found.save(update_fields=["status", "team_note", "answered_by", "answered_at"])
    return found


def withholdable_item(found: RelativeRequest) -> Item | None:
    """The file a removal request's record was read from, when there is one to withhold."""
    if found.kind != RelativeRequest.Kind.REMOVAL or found.person is None or found.person.source is None:
        return None
    return Item.objects.filter(pk=found.person.source.item_id).first()


def withhold_record(request_id: int, actor: str) -> Item:
    """Withhold the file a removal request's record came from (see the module), on the custody log; refused when
    the request is no removal, names no record read from a file, or the file is already withheld."""
    with transaction.atomic(), bindings.operation(actor, f"relative request {request_id}") as bound:
        found = RelativeRequest.objects.select_for_update().filter(pk=request_id).first()  # no outer join: PostgreSQL
        if found is None:
            raise AnswerError(f"no family request {request_id}")
        item = withholdable_item(found)
        if item is None:
            raise AnswerError("only a removal request about a record read from a file can withhold it")
        if item.withheld:
            raise AnswerError("the record's file is already withheld")
        Item.objects.filter(pk=item.pk).update(withheld=True)
        bound.bind_pks(Item, [item.pk])
        custody.append(
            "withhold-item",
            actor=actor,
            subject=f"{item.locator}"[:500],
            detail={"item": item.pk, "locator": item.locator, "sha256": item.sha256, "collection": item.collection_id,
                    "reason": "family removal request", "request": found.pk, "record": found.person_id},
        )
    item.withheld = True
    return item
