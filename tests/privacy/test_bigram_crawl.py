"""The snippet attack (issue 14, points 2 and 3): search anonymously for the Han bigrams and words of the corpus
text near planted ID numbers, so that the snippet windows fall at every offset around each number (a window cut
inside a number leaves a digit run the 18-character mask does not see; a number spelled in other digits or with
separators is not masked at all), and reassemble digits from what the snippets show: each snippet's digit runs
(after normalisation, leaks.py), then runs joined where one's end overlaps another's start by 6 or more digits.
Fails if 10 consecutive characters of any planted number are recovered from `/search` or `/api/search`.

Each request comes from another /24, so per-client rate limits (test_oracle.py) do not end the attack early.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.privacy.corpus import Corpus, Plant
from tests.privacy.leaks import WINDOW, html_readings, normalise

pytestmark = pytest.mark.django_db

NEAR = 130  # characters either side of a number: a 160-character window starting 40 before its match reaches it
STEP = 2  # every other bigram: windows still start at every other offset
MIN_OVERLAP = 6
_FRAGMENT = re.compile(r"[0-9X]{4,}")


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def words_near_numbers(corpus: Corpus) -> list[str]:
    """Han bigrams within NEAR characters of a digit, in each text of the corpus, and the records' names."""
    words: list[str] = []
    for text in corpus.texts.values():
        digits = [i for i, ch in enumerate(text) if unicodedata.decimal(ch, None) is not None]
        for i in range(0, len(text) - 1, STEP):
            if is_han(text[i]) and is_han(text[i + 1]) and any(abs(i - d) <= NEAR for d in digits):
                words.append(text[i : i + 2])
    for person in corpus.people:
        words += [part for part in re.split(r"[·（）]", person.name) if len(part) >= 2 and is_han(part[0])]
    return list(dict.fromkeys(words))


def fragments_of(snippet: str) -> set[str]:
    """Digit runs of 4 or more a reader sees in a snippet (marks joined, other tags separating)."""
    return {run for reading in html_readings(snippet) for run in _FRAGMENT.findall(normalise(reading))}


def assemble(fragments: set[str], rounds: int = 4) -> set[str]:
    """Fragments and the runs made by joining two whose ends overlap by MIN_OVERLAP or more digits."""
    pieces = {f for f in fragments if len(f) >= MIN_OVERLAP}
    joined = set(fragments)
    for _ in range(rounds):
        made = set()
        for a in pieces:
            for b in pieces:
                if a == b or b in a or a in b:
                    continue
                for k in range(min(len(a), len(b)) - 1, MIN_OVERLAP - 1, -1):
                    if a.endswith(b[:k]):
                        made.add(a + b[k:])
                        break
        made -= joined
        if not made:
            break
        joined |= made
        pieces |= made
    return joined


def recovered(runs: set[str], plants: list[Plant]) -> dict[str, tuple[Plant, int]]:
    """Planted number -> (plant, longest run of its characters recovered), for runs of WINDOW or more."""
    found: dict[str, tuple[Plant, int]] = {}
    for plant in plants:
        best = 0
        for run in runs:
            if len(run) < WINDOW:
                continue
            for length in range(len(plant.digits), max(best, WINDOW - 1), -1):
                if any(plant.digits[i : i + length] in run for i in range(len(plant.digits) - length + 1)):
                    best = length
                    break
        if best >= WINDOW:
            found[plant.number] = (plant, best)
    return found


def snippets(client: Client, word: str, n: int) -> list[tuple[str, str]]:
    """(endpoint, text shown per hit) for one word, from the API and the search page."""
    shown: list[tuple[str, str]] = []
    api = client.get("/api/search?" + urlencode({"q": word, "limit": 100}), REMOTE_ADDR=f"10.{(n >> 8) & 255}.{n & 255}.9")
    if api.status_code == 200:
        for hit in json.loads(api.content).get("hits", []):
            shown.append(("/api/search", " | ".join(str(hit.get(k, "")) for k in ("snippet", "name", "locator"))))
    page = client.get("/search?" + urlencode({"q": word}), REMOTE_ADDR=f"10.{(n >> 8) & 255}.{n & 255}.10")
    if page.status_code == 200:
        shown.append(("/search", page.content.decode("utf-8", "replace")))
    return shown


def test_a_bigram_crawl_of_snippets_recovers_no_id_number(client: Client, corpus: Corpus) -> None:
    words = words_near_numbers(corpus)
    assert len(words) > 300
    fragments: set[str] = set()
    first_seen: dict[str, str] = {}  # fragment -> the request that showed it
    for n, word in enumerate(words, start=1):
        for endpoint, text in snippets(client, word, n):
            for fragment in fragments_of(text):
                first_seen.setdefault(fragment, f"{endpoint}?q={word}")
                fragments.add(fragment)
    direct = recovered(fragments, corpus.plants)
    joined = recovered(assemble(fragments), corpus.plants)
    if direct or joined:
        lines = [f"{len(words)} words, {2 * len(words)} anonymous requests; recovered from snippets:"]
        for number, (plant, length) in sorted(joined.items(), key=lambda kv: kv[1][0].where):
            alone = direct.get(number, (plant, 0))[1]
            shown = {f: q for f, q in first_seen.items() if recovered({f}, [plant])}
            where = shown[max(shown, key=lambda f: recovered({f}, [plant])[plant.number][1])] if shown else "joined"
            lines.append(f"  {plant.number[:6]}… [{plant.where}]: {length} of 18 characters ({alone} from one snippet),"
                         f" e.g. {where}")
        pytest.fail("\n".join(lines), pytrace=False)
