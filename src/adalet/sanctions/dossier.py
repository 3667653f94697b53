"""Submission dossiers: one official, laid out as an NGO's submission for a designation, with the case the records make.

Sections: identifying information (every name form, in all scripts), existing designations and gaps, the posts with
their sources and areas (unit -> counties, read from the unit's name or stated), the counts under each post
(`adalet.people.responsibility`: admitted and held during the tenure, the rule used and its limits in plain words),
examples of the records counted (a few per post, masked as the public site masks them: never an ID number or an
address), the archive's documents naming the official (item and SHA-256), the legal criteria of each jurisdiction the
dossier is addressed to (``data/criteria.tsv``), the conduct (the submitter's), the evidence linked by hand, what
weighs against the designation (gaps in the record, posts without detentions, counts that rest on month precision or a
status, conflicting sources), and sources. A fictional demo official's dossier says so on every page. HTML from a
Django template; PDF through WeasyPrint. Pure rendering: reads the registry, lists, archive, records and custody log
through their functions. A post whose area or time cannot be told is an error naming it, never a count of 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from adalet import __version__
from adalet.archive import reading
from adalet.archive.models import Checkpoint, CustodyRecord
from adalet.lib import notes, personal
from adalet.names import counties, variants
from adalet.people import tenure
from adalet.people.models import Detention, Person, Position
from adalet.people.responsibility import (
    LIMITS,
    RULE_ADMITTED,
    RULE_HELD,
    PostCount,
    Responsibility,
    ResponsibilityError,
    compute,
    tenure_of,
)
from adalet.sanctions.gaps import CODES, LABELS, gap_matrix
from adalet.sanctions.models import Evidence, MatchStatus, OfficialMatch

CRITERIA_FILE = Path(__file__).resolve().parent / "data" / "criteria.tsv"
CRITERIA_COLUMNS = ("jurisdiction", "instrument", "citation", "criterion", "for_this_case", "source", "checked")
EXAMPLES_PER_POST = 3
COUNTIES_LISTED = 15  # an area of more counties is named by its label and size
FICTIONAL = ("fictional", "虚构")  # the demo's officials carry these in their names and their posts' sources
PLAIN_LIMITS = (
    "Dates of posts are often known only to the month or the year: such a post is counted over the whole month or "
    "year, so a detention at its first or last month's edge may fall outside the days the official held it.",
    "Release dates are often missing: a record without one counts as held during a tenure only when its status says "
    "held, and is then taken as held to the tenure's end.",
    "Facilities are placed in a county by their name, by ASPI's dataset, or as stated by a user; a facility with no "
    "known county is in no post's area, and a record without an admission date is in no tenure.",
    "What the counts do not show: that the official ordered, knew of or could have stopped any of these detentions. "
    "Command responsibility is an argument the reader must make; the counts are the records that fall under the "
    "post's area and time, nothing more.",
)


class DossierError(ValueError):
    """A dossier that cannot be made as asked (an unknown jurisdiction, a post that cannot be placed): one line."""


@dataclass(frozen=True)
class Criterion:
    jurisdiction: str
    instrument: str
    citation: str
    criterion: str
    for_this_case: str
    source: str
    checked: str

    @property
    def label(self) -> str:
        return LABELS[self.jurisdiction]


@cache
def all_criteria() -> tuple[Criterion, ...]:
    """Every instrument of the criteria file, in its order; a malformed line is an error naming it."""
    found = []
    with open(CRITERIA_FILE, encoding="utf-8", newline="") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(CRITERIA_COLUMNS) or parts[0] not in LABELS or not all(p.strip() for p in parts):
                raise DossierError(f"{CRITERIA_FILE.name}:{number}: expected {', '.join(CRITERIA_COLUMNS)}")
            found.append(Criterion(*(p.strip() for p in parts)))
    return tuple(found)


def jurisdictions(text: str) -> list[str]:
    """'us,eu' -> ['us', 'eu'] in the order given; an unknown code is an error naming the known ones."""
    codes = list(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    unknown = [c for c in codes if c not in LABELS]
    if unknown or not codes:
        raise DossierError(f"unknown jurisdiction {', '.join(unknown) or repr(text)} (use {', '.join(CODES)})")
    return codes


def criteria(codes: Sequence[str]) -> list[Criterion]:
    return [c for code in codes for c in all_criteria() if c.jurisdiction == code]


def is_fictional(official: Person) -> bool:
    """A demo official: a name or a post's source says it is fictional."""
    texts = [official.name, *(n.get("name", "") for n in official.names), *(n.get("source", "") for n in official.names),
             *official.positions.values_list("source", flat=True)]
    return any(mark in text.casefold() for text in texts for mark in FICTIONAL)


@dataclass
class Dossier:
    official: Person
    names: list[str]
    derived: list[str]
    posts: list[dict[str, Any]]
    designations: list[dict[str, Any]]
    gaps: list[str]
    matches: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    sources: list[str]
    generated: str
    custody_head: dict[str, Any] | None = None
    criteria: list[Criterion] = field(default_factory=list)
    to: list[str] = field(default_factory=lambda: list(CODES))
    counts: dict[str, Any] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    exculpatory: list[str] = field(default_factory=list)
    fictional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def addressed(self) -> str:
        return ", ".join(LABELS[code] for code in self.to)


def build(official: Person, base_url: str = "", *, masked: bool = True, to: Sequence[str] = tuple(CODES),
          collection_ids: Sequence[int] | None = None) -> Dossier:
    """The dossier of one official, addressed to the jurisdictions ``to``. `masked` (the default): ID numbers, other
    personal numbers and house addresses in evidence notes, locators and labels are masked (`adalet.lib.personal`);
    unmasked only when asked, with a reason the caller puts on the custody log. Examples of records are always masked
    and never carry an ID number or an address. ``collection_ids``: count those collections' records only."""

    def hide(text: str) -> str:
        return personal.mask(text) if masked else text

    try:
        result = compute(official, collection_ids)
    except ResponsibilityError as error:
        raise DossierError(f"{official.name}: {error} (state its area: adalet officials add ... --jurisdiction)") from None
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
            "item": link.item_id, "locator": hide(item.locator), "sha256": item.sha256, "media_type": item.media_type,
            "note": hide(link.note), "added_by": link.added_by, "collection": provenance["collection"],
            "ingest_record": provenance["ingest_record"],
            "url": f"{base_url}/search?q={item.name}" if provenance["public"] and base_url else "",
        })
    linked = {e["item"] for e in evidence}
    documents = [{**d, "locator": hide(d["locator"]), "name": d["name"], "evidence": d["item"] in linked}
                 for d in result.documents]
    sources = sorted({n.get("source", "") for n in official.names if n.get("source")} |
                     {d["detail"] for d in designations if d["detail"]})
    head = CustodyRecord.objects.order_by("-seq").values("seq", "digest", "at").first()
    return Dossier(
        official=official, names=names, derived=derived[:12], posts=[_post(result, p) for p in result.posts],
        designations=designations, gaps=[LABELS[c] for c in row.gaps], matches=matches, evidence=evidence,
        mentions=[{"locator": d["locator"], "name": d["name"], "label": d["collection"]}
                  for d in documents if not d["evidence"]],
        sources=sources, generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        custody_head={"seq": head["seq"], "digest": head["digest"]} if head else None,
        criteria=criteria(to), to=list(to),
        counts={"admitted": result.admitted, "held": result.held, "people": result.people,
                "photos": len(result.photos), "rule_admitted": RULE_ADMITTED, "rule_held": RULE_HELD,
                "limits": LIMITS, "plain_limits": PLAIN_LIMITS},
        documents=documents, exculpatory=exculpatory(result), fictional=is_fictional(official),
        extra={"version": __version__, "checkpoint": rests_on()},
    )


def _county_label(name: str) -> str:
    county = counties.by_name(name)
    return county.label("en") if county else name


def _post(result: Responsibility, count: PostCount) -> dict[str, Any]:
    """One post as the dossier states it: unit, area and how it is known, tenure, counts, facilities, examples."""
    post, area = count.post, count.area
    listed = sorted(area.counties)
    return {
        "title": post.title, "organization": post.organization, "start": post.start, "end": post.end,
        "precision": count.tenure.precision, "source": post.source,
        "area": area.label, "level": area.level, "how": area.how, "county_count": len(listed),
        "counties": [_county_label(c) for c in listed] if len(listed) <= COUNTIES_LISTED else [],
        "facilities": [{"name": personal.mask(result.located[pk].name), "county": _county_label(result.located[pk].county),
                        "located_by": result.located[pk].how} for pk in count.facilities],
        "admitted": count.admitted, "held": count.held, "examples": examples(result, count),
    }


def examples(result: Responsibility, count: PostCount, limit: int = EXAMPLES_PER_POST) -> list[dict[str, Any]]:
    """A few records the post counts (admitted during the tenure first, earliest first), masked as the public site
    masks them: the name as recorded with personal numbers hidden, birth year, facility, county, dates, status and
    the source row; never the ID number or the address."""
    admitted = list(result.counted("admitted", count).order_by("admitted", "pk").values_list("pk", flat=True)[:limit])
    if len(admitted) < limit:
        held = result.counted("held", count).exclude(pk__in=admitted).order_by("admitted", "pk")
        admitted += list(held.values_list("pk", flat=True)[: limit - len(admitted)])
    rows = Detention.objects.filter(pk__in=admitted).select_related("person", "source", "source__item")
    by_pk = {row.pk: row for row in rows}
    shown = []
    for pk in admitted:
        row = by_pk[pk]
        place = result.located.get(row.facility_id) if row.facility_id else None
        source = row.source
        shown.append({
            "name": personal.mask(row.person.name),
            "birth_year": row.person.birth_date.year if row.person.birth_date else "",
            "facility": personal.mask(place.name) if place else "", "county": _county_label(place.county) if place else "",
            "admitted": row.admitted, "released": row.released, "status": personal.mask(row.status),
            "why": "admitted during the tenure" if row.admitted and count.tenure.covers(row.admitted) else "held during the tenure",
            "source": {"item": source.item_id, "locator": personal.mask(source.item.locator), "sheet": personal.mask(source.sheet),
                       "row": source.row, "sha256": source.item.sha256} if source else None,
        })
    return shown


def exculpatory(result: Responsibility) -> list[str]:
    """What weighs against the designation, measured on the records: posts under which nothing is counted, gaps
    between posts, counts that rest on a post's month or year precision or on a status with no release date, records
    the rule could not place, and other officials the registry records in the same post at the same time."""
    found: list[str] = []
    if not result.posts:
        return ["No posts are recorded, so the records place no detention under this official: the case rests on the "
                "evidence alone."]
    for count in result.posts:
        found += _post_weighs(result, count)
    ordered = sorted(result.posts, key=lambda c: c.tenure.first)
    last = ordered[0].tenure.last
    for count in ordered[1:]:
        if count.tenure.first > last + dt.timedelta(days=1):
            found.append(f"No post is recorded from {last + dt.timedelta(days=1)} to "
                         f"{count.tenure.first - dt.timedelta(days=1)}: what the official did then is not known here.")
        last = max(last, count.tenure.last)
    facilities = sorted({pk for c in result.posts for pk in c.facilities})
    undated = result.base.filter(facility_id__in=facilities, admitted__isnull=True).count()
    if undated:
        found.append(f"{undated:,} records in the posts' facilities have no admission date and are counted under no "
                     "post: they may weigh either way.")
    unplaced = [pk for pk, place in result.located.items() if not place.county]
    nowhere = result.base.filter(facility_id__in=unplaced).count() if unplaced else 0
    if nowhere:
        found.append(f"{nowhere:,} records are in {len(unplaced)} facilities of unknown county and are in no post's "
                     "area: they may weigh either way.")
    return found


def _post_weighs(result: Responsibility, count: PostCount) -> list[str]:
    post, time = count.post, count.tenure
    named = f"{post.title} @ {post.organization} ({post.start or '?'} to {post.end or 'present'})"
    if not count.facilities:
        return [f"{named}: no facility of the records is in its area ({count.area.label}), so nothing is counted."]
    found = []
    if not count.held:
        found.append(f"{named}: no detention in the records falls in its area during the tenure.")
    edges = []
    if len(time.start) < 10:
        edges.append(result.counted("admitted", count).filter(admitted__lte=tenure.bound(time.start, "last")).count())
    if time.end and len(time.end) < 10:
        edges.append(result.counted("admitted", count).filter(admitted__gte=tenure.bound(time.end, "first")).count())
    if sum(edges):
        found.append(f"{named}: {sum(edges):,} of the {count.admitted:,} admitted fall in the first or last month (or "
                     "year) of a tenure known only to the month (or year): the official may not have held the post on "
                     "those days.")
    by_status = result.counted("held", count).filter(admitted__lt=time.first, released__isnull=True).count()
    if by_status:
        found.append(f"{named}: {by_status:,} of the {count.held:,} held were admitted before the tenure and have no "
                     "release date: they are counted only because their status says held.")
    others = Position.objects.filter(title=post.title, organization=post.organization).exclude(person=post.person)
    for other in others.select_related("person"):
        try:
            theirs = tenure_of(other)
        except ResponsibilityError:
            found.append(f"{named}: the registry also records {other.person.name} in this post, at dates that cannot "
                         "be read; the sources may conflict.")
            continue
        if theirs.first <= time.last and time.first <= theirs.last:
            found.append(f"{named}: the registry also records {other.person.name} in this post from "
                         f"{other.start or '?'} to {other.end or 'present'} (source: {other.source or 'not recorded'}): "
                         "the sources conflict, or the post was shared.")
    return found


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
    from weasyprint import HTML  # type: ignore[import-untyped]

    return HTML(string=render_html(dossier)).write_pdf()
