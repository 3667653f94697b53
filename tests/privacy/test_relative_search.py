"""Relative search (`/relatives/`) attacked (issue 14, points 5, 6 and 7).

* Its cards must never show an ID number, whatever cell of the records it sits in (name, facility, status), nor an
  address (point 5).
* The optional county field must not be an address oracle: with a name and a birth year known, a visitor who types
  a piece of the house address (village, group, house number) must get the same answer as for a piece that is not
  in it; otherwise the address is recovered a character at a time (point 6).
* A family's search must not be kept in clear: after a search, nothing written (the custody log's records, columns
  and canonical JSON; the application log) holds the name, the county typed or the birth year asked (point 7).

Requests come from a new address every time, as a family's or an attacker's would: the 10-a-minute limit is the
relative search's own test (tests/web/test_relatives.py).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from adalet.archive.models import CustodyRecord
from tests.privacy.corpus import Corpus, Person
from tests.privacy.leaks import Detector

pytestmark = pytest.mark.django_db

_CARD_NAME = re.compile(r'<li class="card">.*?<h2[^>]*>(.*?)</h2>', re.S)
_addresses = itertools.count(1)


def search(client: Client, name: str, year: int, county: str = "") -> tuple[int, str, list[str]]:
    n = next(_addresses)
    response = client.post("/relatives/", {"name": name, "birth_year": year, "county": county},
                           REMOTE_ADDR=f"172.16.{(n >> 8) & 255}.{n & 255}")
    body = response.content.decode("utf-8", "replace")
    return response.status_code, body, _CARD_NAME.findall(body)


def plain_name(person: Person) -> str:
    return person.name.split("（")[0]


def finds(client: Client, person: Person, county: str = "") -> bool:
    status, _, names = search(client, plain_name(person), person.born.year, county)
    assert status == 200
    return any(plain_name(person) in n for n in names)


def test_cards_show_no_id_number_from_a_name_facility_or_status_cell_and_no_address(
    client: Client, corpus: Corpus, detector: Detector
) -> None:
    leaks: list[str] = []
    for person in corpus.people:
        status, body, names = search(client, plain_name(person), person.born.year)
        assert status == 200 and any(plain_name(person) in n for n in names), f"row {person.row} not found"
        for finding in detector.in_answer(body.encode(), "text/html"):
            leaks.append(f"row {person.row} card: {finding.describe()}")
        for house in detector.addresses_in(body):
            leaks.append(f"row {person.row} card: the address {house[:4]}…")
    if leaks:
        pytest.fail("relative-search cards show:\n" + "\n".join(leaks), pytrace=False)


def test_the_county_field_is_not_an_address_oracle(client: Client, corpus: Corpus) -> None:
    person = corpus.people[0]
    assert finds(client, person) and finds(client, person, person.county)  # the search works; the county narrows
    village, group, number = re.fullmatch(r"(.+?村)(\d)组(\d+)号", person.house).groups()  # type: ignore[union-attr]
    wrong_number = str(int(number) % 89 + 10)
    probes = {  # what the piece is: (a piece of the address, a piece of the same shape that is not in it)
        "the village": (village, "阿克苏村"),
        "group and house number": (f"{group}组{number}号", f"{group}组{wrong_number}号"),
        "house number": (f"{number}号", f"{wrong_number}号"),
        "the address below the county": (person.house, person.house.replace(f"{number}号", f"{wrong_number}号")),
        "the whole address": (person.address, person.address.replace(f"{number}号", f"{wrong_number}号")),
    }
    oracle = [f"{what} (found: {finds(client, person, true)}, wrong piece found: {finds(client, person, wrong)})"
              for what, (true, wrong) in probes.items() if finds(client, person, true) != finds(client, person, wrong)]
    if not oracle:
        return
    # the attack: the village is known (or found the same way); the group and house number follow in <100 queries
    queries = 0
    found_group = found_number = None
    for g in range(1, 10):
        queries += 1
        if finds(client, person, f"{village}{g}组"):
            found_group = g
            break
    for h in range(10, 100):
        queries += 1
        if found_group is not None and finds(client, person, f"{found_group}组{h}号"):
            found_number = h
            break
    recovered = found_group is not None and f"{village}{found_group}组{found_number}号" == person.house
    pytest.fail(
        "the county field matches any piece of the address (address__icontains): a piece of the true address "
        "finds the card and a wrong one does not, for "
        + "; ".join(oracle)
        + f". Group and house number of row {person.row} recovered: {recovered} in {queries} queries",
        pytrace=False,
    )


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for k, item in value.items() for v in [k, *_values(item)]]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    return [value]


def test_a_relative_search_leaves_no_query_in_clear(client: Client, corpus: Corpus) -> None:
    person = corpus.people[1]
    name, year, county = plain_name(person), person.born.year, person.county
    parts = [name, *(p for p in re.split(r"[·\s]", name) if len(p) >= 2)]
    log = settings.LOGGING["handlers"]["file"]["filename"]
    try:
        with open(log, "rb") as f:
            log_start = f.seek(0, 2)
    except OSError:
        log_start = 0
    before = CustodyRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    status, _, names = search(client, name, year, county)
    assert status == 200 and names
    kept: list[str] = []
    for record in CustodyRecord.objects.filter(seq__gt=before):
        text = " ".join([record.actor, record.action, record.subject, record.body])
        kept += [f"custody #{record.seq} ({record.action}) holds the name part {p!r}" for p in parts if p in text]
        if county in text:
            kept.append(f"custody #{record.seq} ({record.action}) holds the county typed {county!r}")
        values = _values(json.loads(record.body))
        if year in values or str(year) in values or any(isinstance(v, str) and v.endswith(f" {year}") for v in values):
            kept.append(f"custody #{record.seq} ({record.action}) holds the birth year asked ({year})")
    try:
        with open(log, "rb") as f:
            f.seek(log_start)
            written = f.read().decode("utf-8", "replace")
    except OSError:
        written = ""
    kept += [f"the application log holds the name part {p!r}" for p in parts if p in written]
    if kept:
        pytest.fail("a family's search is kept in clear:\n" + "\n".join(kept), pytrace=False)
