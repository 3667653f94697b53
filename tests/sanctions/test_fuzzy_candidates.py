"""The fuzzy candidate route of screening (adalet.sanctions.fuzzy_candidates): list names misspelt anywhere in a
word, the first letter too, are retrieved as yente's fuzzy search retrieves them, and only retrieved: their scores
are compare's, so a different person a letter away per word is not made a match.

Built on the slice of the real OFAC SDN list kept in tests/fixtures (parsed, no database)."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from adalet.names import analyse, compare
from adalet.names.fastpath import compare_fast
from adalet.sanctions import screening
from adalet.sanctions.fuzzy_candidates import FuzzyWords, allowed_edits
from adalet.sanctions.importers import ofac
from adalet.sanctions.name_rules import SAME_WORDS_SCORE, VARIANT_SCORE, words
from adalet.sanctions.screening import Query
from tests.sanctions.conftest import OFAC

CHEN = "ofac-29220"


@pytest.fixture(scope="module")
def index() -> screening.Index:
    return screening.Index(screening.entries_from_records(ofac.parse(OFAC).records, "us_ofac_sdn"))


def test_edits_allowed_are_yentes_auto_fuzziness() -> None:
    assert [allowed_edits("x" * n) for n in range(1, 9)] == [0, 0, 1, 1, 1, 2, 2, 2]


def test_every_list_word_one_edit_away_is_found(index: screening.Index) -> None:
    """Against every word of the list, compared one by one: a word misspelt once (first letter replaced, a letter
    left out, one more, two swapped) finds each list word within one edit, and nothing beyond its AUTO edits."""
    fuzzy: FuzzyWords = index.fuzzy
    rng = random.Random(22)
    listed = [w for w in fuzzy.words if len(w) >= 4 and w.isalpha()]
    for word in rng.sample(listed, 150):
        i = rng.randrange(1, len(word) - 1)
        for query in (
            rng.choice("bdkmsz") + word[1:],
            word[:i] + word[i + 1 :],
            word[:i] + "e" + word[i:],
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        ):
            found = fuzzy.neighbours(query)
            near = {w for w, _, _ in process.extract(query, fuzzy.words, scorer=OSA.distance, score_cutoff=1, limit=None)}
            assert near <= found.keys(), (query, near - found.keys())
            assert all(OSA.distance(query, w) == d <= allowed_edits(query) for w, d in found.items()), query
            assert word in found, (query, word)


def test_list_words_two_edits_away_are_found_when_none_is_one_away(index: screening.Index) -> None:
    """A word of six letters or more misspelt twice (yente's Aiexandvr: two letters replaced; or left out, or added)
    finds each list word within two edits (Levenshtein), scanned against every word of the list, unless a list word
    one edit away is nearer (then those, all of them, as the one-edit test checks)."""
    fuzzy: FuzzyWords = index.fuzzy
    rng = random.Random(17)
    long = [w for w in fuzzy.words if len(w) >= 7 and w.isalpha()]
    zala = FuzzyWords(words("Alexander Vyacheslavovich ZAKHAROV"))  # yente's test_fuzzy_names: Aiexandvr Zakharom
    assert [zala.neighbours(w) for w in words("Aiexandvr Zakharom")] == [{"aleshander": 2}, {"zaharov": 1}]
    sought = 0
    for word in rng.sample(long, 120):
        i, j = sorted(rng.sample(range(len(word)), 2))
        for query in (
            word[:i] + "q" + word[i + 1 : j] + "q" + word[j + 1 :],  # two replaced
            word[:i] + word[i + 1 : j] + word[j + 1 :],  # two left out
            word[:i] + "y" + word[i:j] + "y" + word[j:],  # two added
            "z" + word[1:i] + word[i + 1 :] if i > 0 else "z" + word[2:],  # first letter replaced, one left out
        ):
            if len(query) < 6:
                continue
            found = fuzzy.neighbours(query)
            near = process.extract(query, fuzzy.words, scorer=Levenshtein.distance, score_cutoff=2, limit=None)
            if any(distance <= 1 for _, distance, _ in near):
                assert any(d <= 1 for d in found.values()), query
                continue
            sought += 1
            assert {w for w, _, _ in near} <= found.keys(), (query, {w for w, _, _ in near} - found.keys())
            assert word in found, (query, word)
    assert sought > 300


def test_a_name_misspelt_at_each_first_letter_is_a_candidate(index: screening.Index) -> None:
    """yente's test_fuzzy_names_first_letter on this list: Shen Luanguo (and its Cyrillic) reaches CHEN, Quanguo,
    which no blocking key of it does; the score is compare's (0.0 for Shen Luanguo: another given name and surname)."""
    chen = index.name_text.index("CHEN, Quanguo")
    for name in ("Shen Luanguo", "Шэнь Луаньго"):
        assert chen not in index.candidates(name, {"Person"}), name  # blocking alone misses it
        assert chen in index.fuzzy_candidates(analyse(name), words(name), {"Person"}), name
    found = {r.entry.id: r for r in index.screen(Query(["Shen Luanguo"], "Person"), limit=20, cutoff=0.0)}
    assert CHEN in found and not found[CHEN].match
    assert found[CHEN].score == compare("Shen Luanguo", "CHEN, Quanguo").score
    assert index.fuzzy_candidates(analyse("Shen Luanguo"), words("Shen Luanguo"), {"Vessel"}) == []


def test_listed_words_and_other_scripts_take_no_fuzzy_route(index: screening.Index) -> None:
    for name in ("Chen Quanguo", "陈全国", "John Smith"):  # every word listed as written, or read exactly
        assert index.fuzzy_candidates(analyse(name), words(name), None) == [], name


def first_letters(name: str, rng: random.Random) -> str:
    """yente's first-letter misspelling: each word of three letters or more with another first letter."""
    return " ".join(
        rng.choice([c for c in "bdgklmnprstz" if c != w[0].lower()]) + w[1:] if len(w) >= 3 else w
        for w in name.replace(",", " ").split()
    )


def test_the_route_adds_candidates_never_scores(index: screening.Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """Misspelt list persons and recombined names not on the list, each word's first letter replaced: every result
    scores what the rules (or a spelling variant) give the list name it reports, and the names not on the list match nothing
    more with the route than without it (false alarms)."""
    rng = random.Random(5)
    persons = [e for e in index.entries if e.schema == "Person" and "," in e.caption]
    listed = [first_letters(e.caption, rng) for e in rng.sample(persons, 60)]
    absent = [
        first_letters(f"{a.caption.partition(',')[2]} {b.caption.partition(',')[0]}", rng)
        for a, b in zip(rng.sample(persons, 60), rng.sample(persons, 60), strict=True)
    ]
    routed = 0
    for name in listed + absent:
        results = index.screen(Query([name], "Person"), limit=10, cutoff=0.0)
        for r in results:
            assert r.score in (scored(name, r.name), VARIANT_SCORE, SAME_WORDS_SCORE), (name, r.name)
        routed += bool(index.fuzzy_candidates(analyse(name), words(name), SCREENED))
    assert routed >= 30  # the route was taken, and found names, for many of them
    matched_with = {name: matched(index, name) for name in absent}
    monkeypatch.setattr(screening.Index, "fuzzy_candidates", lambda self, *args: [])
    assert {name: matched(index, name) for name in absent} == matched_with


SCREENED = screening.SCHEMA_MATCHES["Person"]


def scored(name: str, listed: str) -> float:
    """The rules' score of a pair as screening computes it (compare_fast: compare's rules on names analysed once)."""
    m = compare_fast(analyse(name), analyse(listed), 0.0)
    return m.score if m is not None else 0.0


def matched(index: screening.Index, name: str) -> list[str]:
    return [r.entry.id for r in index.screen(Query([name], "Person")) if r.match]
