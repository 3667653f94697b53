"""The ID oracle attack (issue 14, point 1): a visitor sees a masked row (region code, name, sex, birth date) and
knows the rest of the number is one of about 500 candidates (the 3-digit sequence of the sex's parity, then the
check digit computed per GB 11643). If search answers the true number differently from a wrong candidate, the
visitor learns it by asking each.

The attack asks `/api/search?q=` and `/search?q=` anonymously for every candidate of one row and a seeded sample of
wrong candidates of two more, the true number at a random place among them, each request from another /24 (a patient attacker's addresses), and fails when
the true number's answer (status, total, items) differs from the wrong candidates'. A second attack from one
address, one /24 and one IPv6 /64 fails unless a rate limit answers 429 before the client has tried
RATE_LIMIT_BOUND candidates, well before the ~500 one masked row needs.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client

from tests.privacy.corpus import Corpus, Person, candidates

pytestmark = pytest.mark.django_db

WRONG_PER_ROW = 60  # rows after the first (the first is asked all 499 wrong candidates)
ROWS = 3
RATE_LIMIT_BOUND = 150
_ITEM = re.compile(r'href="/items/(\d+)/"')


def api_answer(client: Client, query: str, address: str) -> tuple[object, ...]:
    response = client.get("/api/search", {"q": query, "limit": 100}, REMOTE_ADDR=address)
    if response.status_code != 200:
        return (response.status_code,)
    data = json.loads(response.content)
    return (200, data.get("total"), tuple(sorted(hit["item_id"] for hit in data.get("hits", []))))


def page_answer(client: Client, query: str, address: str) -> tuple[object, ...]:
    response = client.get("/search", {"q": query}, REMOTE_ADDR=address)
    body = response.content.decode("utf-8", "replace").replace(query, "")
    return (response.status_code, tuple(sorted(set(_ITEM.findall(body)))))


ENDPOINTS: dict[str, Callable[[Client, str, str], tuple[object, ...]]] = {"/api/search": api_answer, "/search": page_answer}


def masked_rows(corpus: Corpus) -> list[Person]:
    """Rows whose ID column holds a plain number: what the viewer shows as 653121•••••••••••• beside name, sex, birth."""
    return [p for p in corpus.people if "（" not in p.name][:ROWS]


def test_search_does_not_tell_the_true_id_number_from_a_wrong_candidate(client: Client, corpus: Corpus) -> None:
    rng = random.Random("adalet/privacy/oracle")
    recovered: list[str] = []
    request = 0
    rows = masked_rows(corpus)
    for person in rows:
        pool = [c for c in candidates(person.number[:6], person.born, person.sex == "男") if c != person.number]
        assert len(pool) == 499
        asked = rng.sample(pool, len(pool) if person is rows[0] else WRONG_PER_ROW)  # the first row: every candidate
        asked.insert(rng.randrange(len(asked) + 1), person.number)
        for endpoint, answer in ENDPOINTS.items():
            answers: dict[str, tuple[object, ...]] = {}
            for candidate in asked:
                request += 1
                answers[candidate] = answer(client, candidate, f"10.{(request >> 8) & 255}.{request & 255}.3")
            usual, _ = Counter(a for c, a in answers.items() if c != person.number).most_common(1)[0]
            alike = [c for c, a in answers.items() if a == answers[person.number]]
            if answers[person.number] != usual:
                recovered.append(
                    f"row {person.row} ({person.number[:6]}…, {person.sex}, born {person.born}): {endpoint} answers the "
                    f"true number {answers[person.number]} and the wrong candidates {usual}; {len(alike)} of "
                    f"{len(asked)} candidates answer like the true one, asked at position "
                    f"{asked.index(person.number) + 1}"
                )
    if recovered:
        pytest.fail("search is an ID-number oracle:\n" + "\n".join(recovered), pytrace=False)


@pytest.mark.parametrize(
    "addresses",
    [
        pytest.param(lambda n: "192.0.2.14", id="one address"),
        pytest.param(lambda n: f"198.51.100.{n % 250 + 1}", id="one /24"),
        pytest.param(lambda n: f"2001:db8:14:7::{n:x}", id="one /64"),
    ],
)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_a_rate_limit_stops_one_client_enumerating_candidates(
    client: Client, corpus: Corpus, endpoint: str, addresses: Callable[[int], str]
) -> None:
    person = masked_rows(corpus)[0]
    pool = candidates(person.number[:6], person.born, person.sex == "男")
    random.Random("adalet/privacy/rate").shuffle(pool)
    answer = ENDPOINTS[endpoint]
    for n, candidate in enumerate(pool[:RATE_LIMIT_BOUND], start=1):
        if answer(client, candidate, addresses(n))[0] == 429:
            return
    pytest.fail(
        f"{endpoint}: {RATE_LIMIT_BOUND} searches for candidate ID numbers from {addresses(1)}… were all answered; "
        "no rate limit (429) stops one client (or one /24, one /64) enumerating a masked row's ~500 candidates",
        pytrace=False,
    )
