"""A second candidate route of screening: list names whose every word is a typing error or two from a query word,
wherever in the word the error is (the first letter too: ``Shen Luanguo`` for ``CHEN, Quanguo``).

Blocking keys (:func:`adalet.names.blocking_keys`) begin with a word's first letter, so a name misspelt there shares
no key with its listed form; yente retrieves such names with Elasticsearch fuzzy queries (edit distance per term,
fuzziness ``AUTO``). This route does the same in memory, for names read in Latin letters (written in Latin, or in
Cyrillic and read into Latin by :func:`adalet.names.analyse`):

- **Words.** Every distinct folded word of the list names (:func:`adalet.sanctions.name_rules.words`), with its
  deletion neighbourhood (the word and the word less any one letter: SymSpell's symmetric deletions), and for a word
  of four letters or more, the same of each of its two halves.
- **Neighbours of a query word.** The list words at most :func:`allowed_edits` edits away (letters inserted, left
  out, replaced, or two adjacent ones swapped: OSA). One edit: the query word and the word less one letter meet the
  list words' neighbourhoods (both sides share a deletion). Two edits (words of six letters or more): the query less
  two letters meets a shorter list word (or one with a letter added and one replaced); a list word as long or
  longer, by halves: two edits leave one half of it as it is, or each half one edit from the query's letters there,
  sought only when no list word is one edit away (the nearer words are the candidates then; the halves cost a
  tenth of a millisecond a word). Then every list word two edits away is found (a swap across the middle of a word
  counts two there). What is found is checked with the edit distance.
- **Names.** A list name is a candidate when every query word of three letters or more has a neighbour among its
  words (shorter words, initials, are not required), ranked by the edits summed over the query words (fewest
  first), then by the rarity of the list words met, then list order.

The route only adds candidates: each is then scored like any other (:func:`adalet.names.compare` or the yente
algorithm a request names), and no score is raised for having been found this way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

#: The fewest letters of a query word that the route requires a neighbour of (yente's AUTO allows shorter ones no edit).
MIN_WORD = 3
#: Candidates the route gives per query name (each is scored).
FUZZY_SCORED = 4
#: Query words whose neighbours an index keeps (a few MB at most).
NEIGHBOURS_CACHED = 16384


def allowed_edits(word: str) -> int:
    """Edits yente's fuzziness ``AUTO`` allows a query term (Elasticsearch: 0 for 1-2 letters, 1 for 3-5, 2 for more)."""
    n = len(word)
    return 0 if n < MIN_WORD else 1 if n <= 5 else 2


def deletions(word: str, depth: int) -> set[str]:
    """*word* less any *depth* letters or fewer (the word itself included; never fewer than one letter left)."""
    found = {word}
    last = {word}
    for _ in range(depth):
        last = {w[:i] + w[i + 1 :] for w in last if len(w) > 1 for i in range(len(w))}
        found |= last
    return found


class FuzzyWords:
    """The distinct words of the list names, found by a query word up to :func:`allowed_edits` edits away."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if len(w) >= MIN_WORD - 1 and not w.isdigit()})
        neighbourhoods: defaultdict[str, list[int]] = defaultdict(list)
        for wi, word in enumerate(self.words):  # the word and the word less any one letter
            for variant in deletions(word, 1):
                neighbourhoods[variant].append(wi)
        self.neighbourhoods = dict(neighbourhoods)
        # each half of a word of 4 letters or more, and that half less any one letter, keyed by side and length:
        # two edits in one word are at most one in each half, or none in one of them (:meth:`two_edits`)
        halves: defaultdict[tuple[int, int, str], list[int]] = defaultdict(list)
        for wi, word in enumerate(self.words):
            if len(word) >= 4:
                middle = len(word) // 2
                for side, half in enumerate((word[:middle], word[middle:])):
                    for variant in deletions(half, 1):
                        halves[side, len(word), variant].append(wi)
        self.halves = dict(halves)
        #: query words met again (a common name misspelt the same way) are looked up once per index
        self.neighbours = lru_cache(maxsize=NEIGHBOURS_CACHED)(self.find_neighbours)

    def find_neighbours(self, word: str) -> dict[str, int]:
        """List words at most :func:`allowed_edits` edits from *word* (itself too when listed) → their distance."""
        edits = allowed_edits(word)
        if edits == 0:
            return {}
        seen: set[int] = set()
        for variant in deletions(word, edits):  # one edit; two where the list word is shorter, or a letter is swapped
            seen.update(self.neighbourhoods.get(variant, ()))
        found = self.checked(word, seen, edits)
        if edits == 2 and not any(d <= 1 for d in found.values()):  # two edits, the list word as long or longer:
            found.update(self.checked(word, self.two_edits(word), edits))  # sought when none is one edit away
        return found

    def checked(self, word: str, seen: Iterable[int], edits: int) -> dict[str, int]:
        """The list words of *seen* at most *edits* from *word* → their distance."""
        found = {}
        for wi in seen:
            listed = self.words[wi]
            distance = OSA.distance(word, listed, score_cutoff=edits)
            if distance <= edits:
                found[listed] = distance
        return found

    def two_edits(self, word: str) -> set[int]:
        """List words as long as *word* or up to two letters longer that may be two edits from it (two letters
        replaced, or left out, or one of each: what the query's deletions cannot meet), by halves: two edits leave one
        half of the list word as it is, or each half one edit from the query's letters there. To be checked."""
        found: set[int] = set()
        get = self.halves.get
        n = len(word)
        pieces: dict[int, tuple[set[str], set[str]]] = {}  # where the query is cut → each side less up to a letter
        for length in range(max(4, n), n + 3):
            middle = length // 2
            found.update(get((0, length, word[:middle]), ()))  # the first half as written
            found.update(get((1, length, word[n - (length - middle) :]), ()))  # the second half as written
            for cut in (middle - 1, middle, middle + 1):  # one edit in each half: the query cut near the middle
                if not 0 < cut < n:
                    continue
                if cut not in pieces:
                    pieces[cut] = (deletions(word[:cut], 1), deletions(word[cut:], 1))
                first: set[int] = set()
                for variant in pieces[cut][0]:
                    first.update(get((0, length, variant), ()))
                if first:
                    for variant in pieces[cut][1]:
                        found.update(first.intersection(get((1, length, variant), ())))
        return found


def query_words(kind: str, written: list[str], forms: Sequence[Sequence[Sequence[str]]]) -> list[list[tuple[str, ...]]]:
    """The readings of a query name the route looks up, each a list of words, each word its spellings: a Latin name's
    words as written (*written*, folded); a Cyrillic name's Latin readings (*forms*: each form's parts, each part's
    folded spellings). Names in other scripts: none (their readings are exact, and blocking finds them)."""
    if kind == "latin":
        return [[(w,) for w in written if not w.isdigit()]] if written else []
    if kind == "cyrillic":
        return [[tuple(dict.fromkeys(part)) for part in form if part] for form in forms]
    return []


def unlisted(readings: list[list[tuple[str, ...]]], df: dict[str, int]) -> bool:
    """Whether a word of *readings* (of :data:`MIN_WORD` letters or more) is in no list name as written in any of its
    spellings: only then is the route taken (a query whose every word is listed is found by blocking)."""
    return any(
        max(len(s) for s in spellings) >= MIN_WORD and not any(f"w:{s}" in df for s in spellings)
        for reading in readings
        for spellings in reading
    )


def rank(
    readings: list[list[tuple[str, ...]]],
    fuzzy: FuzzyWords,
    postings: Sequence[dict[str, tuple[int, ...]]],
    df: dict[str, int],
    total: int,
    limit: int = FUZZY_SCORED,
) -> list[int]:
    """List-name indexes whose words meet every word (of :data:`MIN_WORD` letters or more) of one of *readings*, each
    within :func:`allowed_edits`, best first (fewest edits summed, then the rarest words met, then list order), at
    most *limit*. *postings*: the index's books (``w:<word>`` → list-name indexes) of the schemas screened; *df*:
    in how many list names each key is; *total*: how many list names there are."""
    best: dict[int, tuple[int, float]] = {}
    for reading in readings:
        required = [spellings for spellings in reading if max(len(s) for s in spellings) >= MIN_WORD]
        # the words not listed as written first: when one has no neighbour, the reading has no candidate
        required.sort(key=lambda spellings: any(f"w:{s}" in df for s in spellings))
        nears = []
        for spellings in required:
            nears.append(near_words(spellings, fuzzy))
            if not nears[-1]:
                break
        if not nears or not all(nears):
            continue
        nears.sort(key=lambda near: sum(df.get(f"w:{w}", 0) for w in near))  # the rarest word first: fewest names
        met: dict[int, tuple[int, float]] | None = None
        for near in nears:
            here: dict[int, tuple[int, float]] = {}
            for listed, distance in near.items():
                key = f"w:{listed}"
                weight = math.log(1 + total / df[key]) if key in df else 0.0
                for book in postings:
                    for ni in book.get(key, ()):
                        if met is not None and ni not in met:
                            continue
                        if ni not in here or (distance, -weight) < (here[ni][0], -here[ni][1]):
                            here[ni] = (distance, weight)
            met = here if met is None else {ni: (met[ni][0] + d, met[ni][1] + w) for ni, (d, w) in here.items()}
            if not met:
                break
        for ni, (distance, weight) in (met or {}).items():
            if ni not in best or (distance, -weight) < (best[ni][0], -best[ni][1]):
                best[ni] = (distance, weight)
    return sorted(best, key=lambda ni: (best[ni][0], -best[ni][1], ni))[:limit]


def near_words(spellings: tuple[str, ...], fuzzy: FuzzyWords) -> dict[str, int]:
    """List words within :func:`allowed_edits` of any of a query word's *spellings* → the fewest edits."""
    near: dict[str, int] = {}
    for spelling in spellings:
        for listed, distance in fuzzy.neighbours(spelling).items():
            near[listed] = min(distance, near.get(listed, distance))
    return near
