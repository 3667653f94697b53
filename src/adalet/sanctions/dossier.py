"""Submission dossiers: one official, laid out as an NGO's submission for a Global Magnitsky or EU designation.

Sections: identifying information (every name form, in all scripts: the registry's and those `adalet.names`
derives; birth; posts with dates), existing designations and gaps (the gap matrix row, with its evidence), the legal
criteria, the conduct (to be written by the submitter, with the evidence items), the evidence list (each archive
item with its SHA-256, its ingest record on the custody log and, when its collection is public, a link), archive items
whose text names the official (found by search, for a reviewer to check), and sources. HTML from a Django template;
PDF through WeasyPrint. Pure rendering: reads the registry, lists, archive and custody log through their functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from adalet import __version__
from adalet.archive import reading, search
from adalet.archive.models import Checkpoint, CustodyRecord
from adalet.lib import notes, personal
from adalet.names import variants
from adalet.people.models import Person
from adalet.sanctions.gaps import CODES, LABELS, gap_matrix
from adalet.sanctions.models import Evidence, MatchStatus, OfficialMatch

CRITERIA = (
    ("United States", "Global Magnitsky Human Rights Accountability Act (2016, 22 U.S.C. 10101 et seq.) and Executive "
     "Order 13818 (2017): foreign persons responsible for or complicit in serious human rights abuse, and current or "
     "former government officials responsible for it."),
    ("United States", "Uyghur Human Rights Policy Act of 2020, section 6: officials of the Government of the People's "
     "Republic of China responsible for the arbitrary detention, torture or harassment of Uyghurs and other Muslim "
     "minority groups in Xinjiang are to be identified and sanctioned."),
    ("European Union", "Council Regulation (EU) 2020/1998 (EU Global Human Rights Sanctions Regime), Article 3: natural "
     "or legal persons responsible for serious human rights violations or abuses, including arbitrary detention, "
     "torture and enforced disappearance, or who support or are associated with them."),
)
SEARCH_LIMIT = 10


@dataclass
class Dossier:
    official: Person
    names: list[str]
    derived: list[str]
    posts: list[dict[str, str]]
    designations: list[dict[str, Any]]
    gaps: list[str]
    matches: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    sources: list[str]
    generated: str
    custody_head: dict[str, Any] | None = None
    criteria: tuple[tuple[str, str], ...] = CRITERIA
    extra: dict[str, Any] = field(default_factory=dict)


def build(official: Person, base_url: str = "", *, masked: bool = True) -> Dossier:
    """The dossier of one official. `masked` (the default): ID numbers, other personal numbers and house addresses
    in evidence notes, locators and labels are masked (`adalet.lib.personal`); unmasked only when asked, with a
    reason the caller puts on the custody log."""

    def hide(text: str) -> str:
        return personal.mask(text) if masked else text

    names = [n["name"] for n in official.names] or [official.name]
    derived: list[str] = []
    for name in names:
        derived += [v for v in variants(name) if v not in names and v not in derived]
    (row,) = gap_matrix(people=[official])
    designations = [{"jurisdiction": LABELS[c], **row.cells[c].as_dict()} for c in CODES]
    matches = [
        {"entity": m.entity.source_id, "caption": m.entity.caption, "authority": m.entity.authority,
         "programs": m.entity.programs, "score": round(m.score, 3), "explanation": m.explanation,
         "reviewer": m.reviewer}
        for m in OfficialMatch.objects.filter(official=official, status=MatchStatus.CONFIRMED).select_related("entity")
    ]
    evidence = []
    for link in Evidence.objects.filter(official=official).order_by("added_at", "pk"):
        item = reading.item_view(link.item_id)
        provenance = reading.item_provenance(link.item_id)
        evidence.append({
            "locator": hide(item.locator), "sha256": item.sha256, "media_type": item.media_type, "note": hide(link.note),
            "added_by": link.added_by, "collection": provenance["collection"],
            "ingest_record": provenance["ingest_record"],
            "url": f"{base_url}/search?q={item.name}" if provenance["public"] and base_url else "",
        })
    linked = {hide(e["locator"]) for e in evidence}
    mentions = []
    for name in names:
        for hit in search.search(f'"{name}"' if " " in name else name, limit=SEARCH_LIMIT).hits:
            locator = hide(hit.locator)
            if locator not in linked and all(m["locator"] != locator for m in mentions):
                mentions.append({"locator": locator, "name": name, "label": hide(hit.label)})
    sources = sorted({n.get("source", "") for n in official.names if n.get("source")} |
                     {d["detail"] for d in designations if d["detail"]})
    head = CustodyRecord.objects.order_by("-seq").values("seq", "digest", "at").first()
    return Dossier(
        official=official, names=names, derived=derived[:12],
        posts=[{"title": p.title, "organization": p.organization, "start": p.start, "end": p.end}
               for p in official.positions.order_by("start")],
        designations=designations, gaps=[LABELS[c] for c in row.gaps], matches=matches, evidence=evidence,
        mentions=mentions[:SEARCH_LIMIT], sources=sources, generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        custody_head={"seq": head["seq"], "digest": head["digest"]} if head else None,
        extra={"version": __version__, "checkpoint": rests_on()},
    )


def rests_on() -> dict[str, Any] | None:
    """The signed checkpoint of the custody log the dossier rests on (the latest, `adalet audit checkpoint`): its
    size, Merkle root and the installation's signing key, for a reader to check with `adalet audit verify --against`;
    None while there is none."""
    latest = Checkpoint.objects.order_by("-size", "-id").values("size", "root", "created_at").first()
    if latest is None:
        return None
    return {**latest, "key": notes.installation_signer().verifier_key}


def render_html(dossier: Dossier) -> str:
    return render_to_string("sanctions/dossier.html", {"d": dossier})


def render_pdf(dossier: Dossier) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(dossier)).write_pdf()
