"""What a letter asked for and what came of it: its asks, and their outcome read from the sanctions data.

An ask names an official of the registry and the jurisdiction asked to designate them (US, EU, UK, Canada). The
outcome is the gap matrix's cell for that official and jurisdiction (`adalet.sanctions.gaps`): a designation that a
reference file states, or a list entry a reviewer confirmed as the official. A proposed, unconfirmed list match
fulfils nothing: a wrong match would tell every signatory something false.

`refresh` runs after every change of the sanctions data (`adalet.sanctions.signals.lists_changed`: a list import
that changed something, a registry or reference file loaded, a match confirmed) and by `adalet campaign outcomes`.
An open ask whose cell now holds a designation becomes *fulfilled*, with the date and the evidence, in one
transaction that appends a custody record, makes one `OutcomeNotice` per counted signatory and ask (unique: each is
told once, however many processes refresh at the same time), and drafts a follow-up letter naming the asks still
open (`followups.draft`). The notices go out through the outbox (`notices.send_due_outcomes`), one email per
signatory in the language they signed in.

An ask that was fulfilled when it was made (the official was designated already) is recorded as fulfilled with
``before_letter`` in its evidence, and tells no one: the letter did not bring it about. A designation later lifted
leaves a fulfilled ask as it is: the notice has gone, and the custody log holds when it was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from adalet.archive import bindings, custody
from adalet.campaigns.models import Ask, Letter, OutcomeNotice, counted
from adalet.people.models import Person
from adalet.people.officials import OfficialError, official, officials
from adalet.sanctions import gaps

JURISDICTIONS = dict(gaps.LABELS)


class AskError(ValueError):
    """An ask that cannot be made: an unknown official or jurisdiction."""


def jurisdiction(code: str) -> str:
    value = code.strip().lower()
    value = {"gb": "uk", "can": "ca", "usa": "us"}.get(value, value)
    if value not in JURISDICTIONS:
        raise AskError(f"no jurisdiction {code!r}: one of {', '.join(JURISDICTIONS)}")
    return value


def find_official(key: str) -> Person:
    """An official of the registry by id, or by one of their names (letter case aside)."""
    try:
        return official(key)
    except OfficialError:
        pass
    wanted = key.strip().casefold()
    found = [p for p in officials() if wanted in {p.name.casefold(), *(n["name"].casefold() for n in p.names)}]
    if len(found) == 1:
        return found[0]
    if found:
        raise AskError(f"{key!r} names {len(found)} officials: give the id ({', '.join(str(p.pk) for p in found)})")
    raise AskError(f"no official {key!r} in the registry (see `adalet officials list`)")


def add_asks(letter: Letter, officials: Iterable[str], jurisdictions: Iterable[str], *, actor: str) -> list[Ask]:
    """Ask each jurisdiction to designate each official (an ask made before is kept as it is); audited."""
    codes = [jurisdiction(code) for code in jurisdictions]
    people = [find_official(key) for key in officials]
    if not people or not codes:
        raise AskError("an ask needs an official and a jurisdiction")
    made = []
    with transaction.atomic():
        position = (letter.asks.aggregate(last=Max("position"))["last"] or 0) + 1
        for person in people:
            for code in codes:
                ask, created = Ask.objects.get_or_create(letter=letter, official=person, jurisdiction=code,
                                                         defaults={"position": position, "created_by": actor})
                if created:
                    position += 1
                    made.append(ask)
        if made:
            custody.append("campaign-ask", actor=actor, subject=letter.slug, detail={
                "asks": [{"official": a.official_id, "name": a.official.name, "jurisdiction": a.jurisdiction}
                         for a in made]})
    refresh(letter, notify=False, actor=actor)  # already designated: fulfilled at once, before the letter
    return made


@dataclass
class Fulfilment:
    ask: Ask
    designated_on: date
    evidence: dict[str, Any]


def _designations(asks: list[Ask]) -> dict[tuple[int, str], gaps.Cell]:
    people = list({a.official_id: a.official for a in asks}.values())
    return {(row.official_id, code): cell for row in gaps.gap_matrix(people=people) for code, cell in row.cells.items()}


def refresh(letter: Letter | None = None, *, notify: bool = True, actor: str = "adalet (list update)") -> list[Fulfilment]:
    """Fulfil every open ask (of *letter*, or of every letter) whose jurisdiction has designated its official.

    With *notify*, each counted signatory of the letter gets one notice per fulfilled ask (through the outbox) and
    a follow-up letter naming the asks still open is drafted. Returns what it fulfilled."""
    from adalet.campaigns import followups, notices

    open_asks = Ask.objects.filter(status=Ask.Status.OPEN).select_related("official", "letter")
    if letter is not None:
        open_asks = open_asks.filter(letter=letter)
    asks = list(open_asks)
    if not asks:
        return []
    cells = _designations(asks)
    done: list[Fulfilment] = []
    for ask in asks:
        cell = cells.get((ask.official_id, ask.jurisdiction))
        if cell is None or not cell.date:
            continue
        designated_on = date.fromisoformat(cell.date)
        before = designated_on < timezone.localdate(ask.letter.opens_at)
        evidence = {"basis": cell.basis, "detail": cell.detail, "before_letter": before}
        with transaction.atomic():
            claimed = Ask.objects.filter(pk=ask.pk, status=Ask.Status.OPEN).update(
                status=Ask.Status.FULFILLED, designated_on=designated_on, evidence=evidence,
                fulfilled_at=timezone.now())
            if not claimed:  # another process fulfilled it first
                continue
            record = custody.append("campaign-ask-fulfilled", actor=actor, subject=ask.letter.slug, detail={
                "official": ask.official_id, "name": ask.official.name, "jurisdiction": ask.jurisdiction,
                "designated_on": cell.date, "evidence": evidence})
            Ask.objects.filter(pk=ask.pk).update(custody_seq=record.seq)
            bindings.bind(Ask.objects.filter(pk=ask.pk), actor=actor, subject=ask.letter.slug)
            if notify and not before:
                _notices_for(ask)
        ask.refresh_from_db()
        done.append(Fulfilment(ask, designated_on, evidence))
    if notify:
        for changed in {f.ask.letter_id: f.ask.letter for f in done if not f.evidence["before_letter"]}.values():
            followups.draft(changed, actor=actor)
        if done:
            transaction.on_commit(notices.outcomes_due)
    return done


def _notices_for(ask: Ask) -> int:
    """One notice due per counted signatory of the ask's letter (one made before is left as it is)."""
    ids = list(counted(ask.letter.signatures).exclude(email="").values_list("pk", flat=True))
    OutcomeNotice.objects.bulk_create([OutcomeNotice(signature_id=pk, ask=ask) for pk in ids], ignore_conflicts=True)
    return len(ids)


def outcomes(letter: Letter) -> dict[str, Any]:
    """The letter's asks with their status, date and evidence, and how many are fulfilled and open."""
    asks = list(letter.asks.select_related("official"))
    out = [{"official": a.official.name, "official_id": a.official_id, "jurisdiction": a.jurisdiction,
            "status": a.status, "designated_on": a.designated_on.isoformat() if a.designated_on else None,
            "evidence": a.evidence or None} for a in asks]
    fulfilled = sum(1 for a in asks if a.status == Ask.Status.FULFILLED)
    return {"letter": letter.slug, "asks": out, "fulfilled": fulfilled, "open": len(asks) - fulfilled}


def on_lists_changed(sender: object = None, *, reason: str = "", subject: str = "", **kwargs: object) -> None:
    """The sanctions data changed (``lists_changed``): fulfil what it fulfils, telling signatories. After a list
    import, the officials of open asks are screened against the lists, so that a reviewer sees the proposed matches
    (which fulfil an ask only once confirmed)."""
    if reason == "import":
        from adalet.sanctions.officials import match_officials

        asked = list(Person.objects.filter(pk__in=Ask.objects.filter(status=Ask.Status.OPEN).values("official")))
        if asked:
            match_officials(asked)
    refresh(actor=f"adalet ({reason or 'list update'}: {subject})"[:150])
