"""Relative search: a family member types a name in any script and a birth year, and sees at most a few cards
of people in published collections whose recorded name matches.

Only published collections are searched. A card shows the name as recorded, birth year, county, the latest
facility and status, and a photo when there is one; never an ID number or an address: every field is masked with
`adalet.lib.personal.mask`, and the county is only ever a county's name. Cards speak the reader's language too:
the Uyghur (and Latin) spelling `adalet.names` derives for the name, the county's name in the reader's script
(`adalet.names.counties`), and what a status or a kind of facility means, where the detention vocabulary
(people/data/detention_terms.tsv) knows the term.

Candidates are narrowed by birth year (an indexed range; a year either side when asked), then by the county (a
known county only, matched by the region code of the ID number or the county an address starts with: never a
piece of the address typed), then by shared `blocking_keys`, before `compare`. The people sharing a key are looked
up in the name index (adalet.people.namekeys: key, collection and birth date, indexed), not found by computing
everyone's keys; a search over people the index lacks raises NameIndexMissing rather than answer "no relatives".

A search goes on the custody log, which is permanent: only that it happened, how many cards were shown, and a
keyed hash of the query (`query_hash`; the key is ADALET_AUDIT_QUERY_KEY, else one derived from SECRET_KEY for this
purpose alone), so that an auditor holding the key can check whether a given query was made (`searches_matching`,
`adalet relative-search-audit`) and nobody else learns what was asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from adalet.archive import custody
from adalet.archive.models import CustodyRecord
from adalet.lib import keys
from adalet.lib.personal import mask
from adalet.names import NameKind, analyse, blocking_keys, compare, variants
from adalet.names.arabic import from_latin
from adalet.names.counties import County, county_in, of_code, resolve
from adalet.names.counties import counties as known_counties
from adalet.people import namekeys
from adalet.people.models import Detention, LinkStatus, Person, PersonKind, PhotoLink

THRESHOLD = 0.8
LIMIT = 5
AUDIT_ACTION = "relative-search"
QUERY_HASH = "hmac-sha256/relative-search-query/v1"
AUDIT_KEY_PURPOSE = "relative-search-audit"
_PREFIXES = (re.compile(r"^.*?(?:自治区|省)"), re.compile(r"^.*?(?:自治州|地区)"))
_COUNTY = re.compile(r"^(.{1,10}?(?:县|市|区))")
_WILDCARDS = re.compile(r"[*%?_]")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_HAN = re.compile(r"[\u3400-\u9FFF]")

# What a status or a kind of facility written in the records means, for a reader of another language (English
# message ids, translated by the catalogs when shown): every term of people/data/detention_terms.tsv has one
# (tests/web/test_relatives_reader.py checks it). The longest term a status or facility holds decides, as it does
# for held or released.
STATUS_MEANINGS = {
    "在押": N_("held (in custody)"),
    "关押": N_("held (in custody)"),
    "羁押": N_("held (in custody)"),
    "detained": N_("held (in custody)"),
    "in custody": N_("held (in custody)"),
    "held": N_("held (in custody)"),
    "收押": N_("taken into custody"),
    "拘留": N_("detained"),
    "刑拘": N_("in criminal detention"),
    "逮捕": N_("arrested"),
    "教育转化": N_("in “transformation through education”"),
    "转化中": N_("in “transformation through education”"),
    "培训中": N_("in “training” (a camp)"),
    "培训中心": N_("in “training” (a camp)"),
    "学习中": N_("in “training” (a camp)"),
    "集中教育": N_("in “training” (a camp)"),
    "送教": N_("in “training” (a camp)"),
    "未释放": N_("not released"),
    "已释放": N_("released"),
    "释放": N_("released"),
    "解除": N_("released"),
    "released": N_("released"),
    "结业": N_("“graduated” (let out of a camp)"),
    "已结业": N_("“graduated” (let out of a camp)"),
    "出所": N_("let out of the facility"),
    "取保候审": N_("released on bail pending trial"),
}
FACILITY_MEANINGS = {
    "看守所": N_("detention centre"),
    "拘留所": N_("detention house"),
    "培训中心": N_("“training centre” (a camp)"),
    "教育培训中心": N_("“training centre” (a camp)"),
    "教培中心": N_("“training centre” (a camp)"),
    "教育转化": N_("“transformation through education” centre"),
    "监狱": N_("prison"),
    "戒毒所": N_("drug rehabilitation centre"),
}


class UnusableName(ValueError):
    """A name too short or too vague to search for (wildcards, one character, no letters)."""


class UnknownCounty(ValueError):
    """A county field that names no known county (a township, a village, a piece of an address, a typo)."""


@dataclass(frozen=True)
class Card:
    """What a relative is shown of one record: every text masked, none of it an address."""

    person_id: int
    name: str  # as recorded
    birth_year: int
    county: str  # the county's Chinese name, as the address (or the ID number's region code) gives it
    facility: str  # as recorded
    status: str  # as recorded
    photo_item_id: int | None
    score: float
    name_uyghur: str = ""  # the Uyghur (Arabic script) spelling adalet.names derives, when it derives one
    name_latin: str = ""  # a Latin spelling it derives
    county_shown: str = ""  # the county named for the reader (its Uyghur name for a Uyghur reader...)
    facility_meaning: str = ""  # what kind of place the facility is, in the reader's language, when known
    status_meaning: str = ""  # what the status means, in the reader's language, when known


def county_of(address: str) -> str:
    """The county of a Chinese address ("…伊犁哈萨克自治州特克斯县喀拉托海镇…" -> "特克斯县"), else ""."""
    known = county_in(address)
    if known is not None:
        return known.name
    rest = address.strip()
    for prefix in _PREFIXES:
        rest = prefix.sub("", rest, count=1)
    found = _COUNTY.match(rest)
    return found.group(1) if found else ""


def check_name(name: str) -> str:
    """The name to search for, or UnusableName."""
    name = " ".join(name.split())
    letters = [c for c in name if c.isalpha()]
    if _WILDCARDS.search(name) or len(letters) < 2:
        raise UnusableName(name)
    if not blocking_keys(name):
        raise UnusableName(name)
    return name


def counties_for(county: str | Sequence[County]) -> tuple[County, ...]:
    """The counties a county field names: () for an empty field, UnknownCounty when it names none."""
    if not isinstance(county, str):
        return tuple(county)
    if not county.strip():
        return ()
    found = resolve(county)
    if not found:
        raise UnknownCounty(county)
    return found


def in_counties(id_number: str, address: str, counties: Sequence[County]) -> bool:
    """Whether a record is of one of these counties: by its ID number's region code, or its address's county."""
    region = (id_number or "")[:6]
    if any(region in county.codes for county in counties):
        return True
    found = county_in(address or "")
    return found is not None and any(found.name == county.name for county in counties)


def find_relatives(
    name: str,
    birth_year: int,
    county: str | Sequence[County] = "",
    *,
    around: bool = False,
    limit: int = LIMIT,
    scan: bool = False,
) -> list[Card]:
    """The best matches (score >= THRESHOLD) among published records born in ``birth_year`` (or a year either side,
    ``around``), of ``county`` when given (a county's name in any script, or counties), best first.

    ``scan``: compute the keys of everyone born then instead of asking the name index (the method before it, kept
    as the reference that tests and bench/scale.py compare the index with).

    UnusableName for a name too vague to search for, UnknownCounty for a county field that names no county."""
    name = check_name(name)
    wanted = counties_for(county)
    keys = blocking_keys(name)
    spread = 1 if around else 0
    first, last = dt.date(birth_year - spread, 1, 1), dt.date(birth_year + spread, 12, 31)
    born = Person.objects.filter(
        collection__is_public=True,
        kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE),  # not officials
        birth_date__gte=first,
        birth_date__lte=last,
    ).exclude(source__item__withheld=True)  # rows of an item withheld until published are not searched
    if not scan:
        namekeys.require_indexed(born, first, last)  # never "no relatives" for want of an index
        born = namekeys.sharing(born, keys, first, last)
    scored: list[tuple[float, int]] = []
    rows = born.values_list("pk", "name", "names", "id_number", "address")
    # the index's few hundred candidates in one fetch (a PostgreSQL server-side cursor cost three times the query)
    for pk, recorded, forms, id_number, address in rows.iterator(chunk_size=2000) if scan else rows:
        if wanted and not in_counties(id_number, address, wanted):
            continue
        best = 0.0
        written = namekeys.forms(recorded, forms)
        for candidate in written:
            # a person the index found by one form alone shares a key through it: no need to compute its keys
            if (not scan and len(written) == 1) or keys & blocking_keys(candidate):
                best = max(best, compare(name, candidate).score)
        if best >= THRESHOLD:
            scored.append((best, pk))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    language = get_language() or "en"
    return [_card(pk, score, language) for score, pk in scored[:limit]]


def _card(pk: int, score: float, language: str) -> Card:
    person = Person.objects.select_related("collection").get(pk=pk)
    latest = (
        Detention.objects.filter(person=person).exclude(source__item__withheld=True)
        .select_related("facility").order_by("-admitted", "-pk").first()
    )
    photo = (
        PhotoLink.objects.filter(person=person, photo__collection__is_public=True, photo__collection__photos_public=True)
        .exclude(status=LinkStatus.REJECTED)
        .exclude(photo__withheld=True)
        .order_by("-score", "pk")
        .values_list("photo_id", flat=True)
        .first()
    )
    name = mask(person.name)
    uyghur, latin = reader_spellings(name)
    county = _county(person.address, person.id_number)
    facility = mask(latest.facility.name) if latest and latest.facility else ""
    status = mask(latest.status) if latest else ""
    return Card(
        person_id=person.pk,
        name=name,
        birth_year=person.birth_date.year if person.birth_date else 0,
        county=mask(county.name if county else county_of(person.address)),
        facility=facility,
        status=status,
        photo_item_id=photo,
        score=round(score, 3),
        name_uyghur=mask(uyghur),
        name_latin=mask(latin),
        county_shown=mask(county.label(language)) if county else "",
        facility_meaning=_shown_meaning(facility, facility_meaning(facility), language),
        status_meaning=_shown_meaning(status, status_meaning(status), language),
    )


def _county(address: str, id_number: str) -> County | None:
    """The known county of a record: its address's, else its ID number's region code's."""
    return county_in(address or "") or (of_code(id_number[:6]) if id_number else None)


# --- The reader's script and language -----------------------------------------------------------


def reader_spellings(name: str) -> tuple[str, str]:
    """The Uyghur (Arabic script) and Latin spellings adalet.names derives for a name, "" where it derives none:
    艾尔肯·阿不力孜 -> ("ئەركىن ئابلىز", "Erkin Abliz"); a Chinese name has a pinyin spelling and no Uyghur one."""
    analysis = analyse(name)
    derived = variants(name)
    arabic = next((v for v in derived if _ARABIC.search(v)), "")
    latin = next((v for v in derived if not _ARABIC.search(v) and not _HAN.search(v)), "")
    if analysis.kind is NameKind.ARABIC:
        return "", latin
    if analysis.kind is NameKind.LATIN and not arabic:
        arabic = from_latin(" ".join(w for w in re.split(r"[\s,]+", name) if w))
        return arabic, ""
    if analysis.kind is NameKind.HAN:
        return "", latin
    return arabic, latin


def _longest(text: str, table: dict[str, str]) -> str:
    """The translation of the meaning of the longest term of ``table`` that ``text`` holds, "" when none."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    found = [term for term in table if term in folded]
    return _(table[max(found, key=len)]) if found else ""


def status_meaning(status: str) -> str:
    """What a recorded status means, in the active language ("在押" -> "held (in custody)"), "" when unknown."""
    return _longest(status, STATUS_MEANINGS) if status.strip() else ""


def facility_meaning(facility: str) -> str:
    """What kind of place a recorded facility is, with its county when its name starts with one, in the active
    language ("疏附县看守所" -> "detention centre, Shufu County (疏附县)"), "" when the kind is unknown."""
    kind = _longest(facility, FACILITY_MEANINGS) if facility.strip() else ""
    if not kind:
        return ""
    county = county_in(facility)
    if county is None:
        return kind
    return _("%(kind)s, %(county)s") % {"kind": kind, "county": county.label(get_language() or "en")}


def _shown_meaning(recorded: str, meaning: str, language: str) -> str:
    """A meaning worth showing beside the recorded text: not for a Chinese reader of a record in Chinese, not when
    it says the same."""
    if not meaning or meaning == recorded or language.startswith("zh") and _HAN.search(recorded):
        return ""
    return mask(meaning)


def county_choices(language: str) -> list[str]:
    """The names a reader of ``language`` is offered for the county field (its Uyghur name for "ug"...)."""
    names: list[str] = []
    for county in known_counties():
        if language.startswith("ug") and county.uyghur:
            names.append(county.uyghur[0])
        elif language.startswith("zh") or not county.english:
            names.append(county.name)
        else:
            names.append(county.english)
    return sorted(set(names))


# --- The custody log: that a search happened, never what was asked ---------------------------------


def audit_key() -> tuple[bytes, str]:
    """The key of the query hashes and where it comes from: ADALET_AUDIT_QUERY_KEY (a setting, or the environment),
    else one derived from SECRET_KEY for this purpose alone (adalet.lib.keys)."""
    return keys.key_for(AUDIT_KEY_PURPOSE), keys.key_source(AUDIT_KEY_PURPOSE)


def key_id(key: bytes) -> str:
    """A short fingerprint of a key, kept with each hash: which key to check it with (it tells nothing else)."""
    return hmac.new(key, b"adalet/relative-search-key-id", hashlib.sha256).hexdigest()[:12]


def canonical_query(name: str, birth_year: int, counties: Sequence[County] = (), *, around: bool = False) -> bytes:
    """A query as hashed: the name as typed (NFKC, case and spacing folded), the year, the counties it resolved to,
    and whether a year either side was asked. The same query spelled with another case or county spelling hashes
    the same."""
    query = {
        "v": 1,
        "name": " ".join(unicodedata.normalize("NFKC", name).casefold().split()),
        "birth_year": int(birth_year),
        "around": bool(around),
        "counties": sorted({c.name for c in counties}),
    }
    return json.dumps(query, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def query_hash(
    name: str, birth_year: int, county: str | Sequence[County] = "", *, around: bool = False, key: bytes | None = None
) -> str:
    """The keyed hash (HMAC-SHA256) of a query, as the custody log keeps it."""
    key = key if key is not None else audit_key()[0]
    return hmac.new(key, canonical_query(name, birth_year, counties_for(county), around=around), hashlib.sha256).hexdigest()


def record_search(
    *, actor: str, name: str, birth_year: int, counties: Sequence[County], around: bool, cards: int
) -> CustodyRecord:
    """Put a search on the custody log: that it happened, the number of cards shown, the query's keyed hash."""
    key, origin = audit_key()
    return custody.append(
        AUDIT_ACTION,
        actor=actor,
        subject=AUDIT_ACTION,
        detail={
            "cards": cards,
            "query_hmac": query_hash(name, birth_year, counties, around=around, key=key),
            "hash": QUERY_HASH,
            "key": origin,
            "key_id": key_id(key),
        },
    )


def searches_matching(
    name: str, birth_year: int, county: str | Sequence[County] = "", *, around: bool = False, key: bytes | None = None
) -> list[CustodyRecord]:
    """The custody records of relative searches for exactly this query (checked with ``key``, else the site's)."""
    key = key if key is not None else audit_key()[0]
    digest = query_hash(name, birth_year, county, around=around, key=key)
    return [
        record
        for record in CustodyRecord.objects.filter(action=AUDIT_ACTION).order_by("seq").iterator()
        if hmac.compare_digest(str(custody.record_detail(record).get("query_hmac", "")), digest)
    ]
