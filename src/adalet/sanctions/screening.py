"""Screening names against every current list entry, across scripts.

How one query is answered (as yente does, blocking then scoring, but in memory):

0. **As listed.** A query name written exactly as a list name, in any script (:func:`exact_form`: up to case,
   spacing and compatibility forms), scores 1.0 against it, whatever its reading compared with the other names.
1. **Blocking.** Every list name's blocking keys (:func:`adalet.names.blocking_keys`, computed at import) and
   its words as written (:func:`word_keys`) are indexed: key → list names, per schema; also a person name's words
   run together (:func:`joined_keys`: ``ChenQuanguo`` finds ``CHEN, Quanguo``) and a body's name in characters by
   pairs of characters (:func:`han_keys`: ``新疆维吾尔自治区公安厅``). The query's keys pick the
   list names sharing them, ranked by the summed rarity (IDF) of the shared keys (ties: list order); the best :data:`CANDIDATES` go on.
   When a query word read in Latin letters (written so, or Cyrillic read into Latin) is in no list name as written,
   a second route (:mod:`adalet.sanctions.fuzzy_candidates`) adds the :data:`~adalet.sanctions.fuzzy_candidates.FUZZY_SCORED`
   list names whose every word is within yente's fuzziness ``AUTO`` of a query word (one edit for 3-5 letters,
   two beyond), wherever the error is: a first letter mistyped (``Shen Luanguo``) defeats every key. They are
   scored like the others (step 3), never raised for being found this way.
2. **Pre-scoring.** Those are ranked again by the edit similarity of their sorted folded words to the query's
   Latin forms (one C call for all), and the best :data:`SCORED` above :data:`PRESCORE_CUTOFF` are scored, with
   the candidate blocking ranked first (a name with a word left out is far in edits from its full form).
3. **Scoring.** A person name is scored by the rules of :func:`adalet.names.compare`, computed by
   :func:`adalet.names.fastpath.compare_fast` on the query analysed once and the list name analysed once per
   index (the same score and explanation; a pair that cannot reach the cutoff is dropped without aligning it),
   lifted to :data:`VARIANT_SCORE` or :data:`SAME_WORDS_SCORE` when the two Latin names are
   the same words or differ by one typing error or a left-out middle name (:func:`spelling_variant`).
   Organisation, vessel and aircraft names are compared word for word without legal forms, or character for
   character when both are in characters (:func:`compare_org`).
   An entity's score is its best name's.
4. **Birth date.** When the query gives a birth date or year and the entity has any, one must agree
   (same year, and same month/day where both give them); otherwise the entity is dropped.
5. **Decision.** ``match`` is true at :data:`MATCH_THRESHOLD` and above: strong enough to stop a payment.
   Weaker candidates down to the cutoff are listed with ``match: false``.

The index is built from the database once per process and rebuilt when an import has changed the data:
its key is the id and finish time of the last import that changed anything, read from the database, so
every web or worker process sees a new import on its next query.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz, process

from adalet.names import Analysis, Match, analyse, blocking_keys, compare
from adalet.names.blocking import part_key
from adalet.names.fastpath import compare_fast
from adalet.names.han import require_converter
from adalet.names.pinyin_syllables import split as pinyin_split
from adalet.sanctions.fuzzy_candidates import FuzzyWords, query_words, rank, unlisted
from adalet.sanctions.importers.ftm import stamp as given_stamp
from adalet.sanctions.name_rules import (
    VARIANT_SCORE,
    compare_org,
    exact_form,
    han_keys,
    han_text,
    joined_keys,
    joined_query_keys,
    keys_of_words,
    name_words,
    query_signatures,
    signature,
    variant_of_words,
    word_keys,
    words,
)

#: Score from which a result is a match (payment-stopping): the same name in another script or order (1.0),
#: the same words otherwise punctuated (0.95), one typing error or a middle name left out (0.9). Another given
#: name (陈明国 / CHEN, Quanguo: 0.5) or three of four parts (0.75-0.8) stays below. On bench/screening.py, 0.88
#: and 0.85 both give 0.06% false matches; 0.8 lets 2.3% of names not on the list match (docs/benchmarks.md).
MATCH_THRESHOLD = 0.88
#: Default lowest score listed (as ``match: false``).
CUTOFF = 0.6
#: List names kept per query name after blocking, and of those, scored with :func:`compare`.
CANDIDATES = 64
SCORED = 4
#: Lowest pre-score (0..100, edit similarity of sorted words) worth a full comparison.
PRESCORE_CUTOFF = 55
#: Keys in more list names than this only rank candidates already found by rarer keys.
COMMON_KEY = 500

#: Which entity schemas a query schema may match (FtM: a Person query matches Person and LegalEntity).
SCHEMA_MATCHES = {
    "Person": {"Person", "LegalEntity"},
    "Organization": {"Organization", "Company", "PublicBody", "LegalEntity"},
    "Company": {"Organization", "Company", "LegalEntity"},
    "PublicBody": {"Organization", "PublicBody", "LegalEntity"},
    "LegalEntity": {"Person", "Organization", "Company", "PublicBody", "LegalEntity"},
    "Vessel": {"Vessel"},
    "Airplane": {"Airplane"},
}

#: Schemas whose names are read as person names; the others are compared word for word (:func:`compare_org`).
PERSON_LIKE = {"Person", "LegalEntity"}


@dataclass
class Entry:
    """One current list entity as the index holds it."""

    id: str
    schema: str
    caption: str
    names: list[str]
    name_keys: list[list[str]]
    birth_dates: list[str]
    properties: dict[str, list[str]] = field(default_factory=dict)
    datasets: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_change: str | None = None
    last_seen: str | None = None
    authority: str = ""  # the list's authority in Adalet (an FtM entity's datasets may name others)


@dataclass
class Query:
    names: list[str]
    schema: str = "Thing"
    birth_dates: list[str] = field(default_factory=list)

    @classmethod
    def from_example(cls, schema: str, properties: dict[str, Any]) -> Query:
        """A query from an FtM entity example (yente's request shape)."""

        def values(prop: str) -> list[str]:
            v = properties.get(prop) or []
            return [str(x).strip() for x in ([v] if isinstance(v, str) else v) if str(x).strip()]

        names = values("name") + values("alias")
        parts = [values(p) for p in ("firstName", "secondName", "middleName", "fatherName", "lastName")]
        if any(parts):
            names.append(" ".join(p[0] for p in parts if p))
        return cls(names=list(dict.fromkeys(names)), schema=schema or "Thing", birth_dates=values("birthDate"))


@dataclass
class Result:
    entry: Entry
    score: float
    match: bool
    name: str  # the list name that scored best
    explanation: list[str]
    features: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """yente's ScoredEntityResponse, plus ``explanation``."""
        e = self.entry
        return {
            "id": e.id,
            "caption": e.caption,
            "schema": e.schema,
            "properties": e.properties,
            "datasets": e.datasets,
            "referents": [],
            "target": True,
            "first_seen": e.first_seen,
            "last_seen": e.last_seen or e.last_change,
            "last_change": e.last_change,
            "score": round(self.score, 4),
            "features": self.features,
            "match": self.match,
            "explanation": self.explanation,
        }


def dates_agree(query: Iterable[str], listed: Iterable[str]) -> bool | None:
    """Whether one query date agrees with one listed date (compared on the precision both have); None if either has none."""
    q, s = [d for d in query if d], [d for d in listed if d]
    if not q or not s:
        return None
    for a in q:
        for b in s:
            n = min(len(a), len(b))
            if n >= 4 and a[:n] == b[:n]:
                return True
    return False


class Index:
    """Blocking index and scorer over a fixed set of entries.

    Built once per data version, so that a query does not redo what does not depend on it: the name tables are
    loaded (:func:`warm_name_tables`), each list name is analysed and split into words once (on first use), and
    a query name is analysed and split once for blocking, pre-scoring and every candidate it is scored against.
    """

    def __init__(self, entries: list[Entry], version: object = None) -> None:
        warm_name_tables()
        self.entries = entries
        self.version = version
        self.name_text: list[str] = []
        self.name_sig: list[str] = []
        self.name_entry: list[int] = []
        self.exact: dict[str, list[int]] = {}  # exact_form(name) → list-name indexes: a name given back as listed
        # schema → key → list-name indexes (ascending): a query walks the books of the schemas it may match
        books: dict[str, dict[str, list[int]]] = {}
        df: dict[str, int] = {}
        listed_words: set[str] = set()  # every folded word of a list name, for the fuzzy route
        for ei, entry in enumerate(entries):
            book = books.setdefault(entry.schema, {})
            person = entry.schema in PERSON_LIKE
            for name, keys in zip(entry.names, entry.name_keys):
                ni = len(self.name_text)
                self.name_text.append(name)
                self.name_sig.append(signature(name))
                self.name_entry.append(ei)
                self.exact.setdefault(exact_form(name), []).append(ni)
                written = words(name)
                listed_words.update(written)
                extra = joined_keys(written) if person else han_keys(name)
                for k in {*keys, *keys_of_words(written), *extra}:
                    book.setdefault(k, []).append(ni)
                    df[k] = df.get(k, 0) + 1
        count = len(self.name_text)
        total = max(1, count)
        self.datasets = {d for e in entries for d in e.datasets}
        self.postings = {schema: {k: tuple(v) for k, v in book.items()} for schema, book in books.items()}
        self.df = df
        self.total = total
        self.fuzzy = FuzzyWords(listed_words)
        self.idf = {k: math.log(1 + total / n) for k, n in df.items()}
        self.common = {k: frozenset(ni for book in self.postings.values() for ni in book.get(k, ())) for k, n in df.items()
                       if n > COMMON_KEY}
        self.person_name = [entries[ei].schema in PERSON_LIKE for ei in self.name_entry]
        self._books: dict[frozenset[str] | None, list[dict[str, tuple[int, ...]]]] = {}
        # person names analysed and split into words now, not in the first queries that meet them
        self._analyses: list[Analysis | None] = [_analyse(n) if p else None for n, p in zip(self.name_text, self.person_name)]
        self._words: list[tuple[list[str], list[str]] | None] = [
            name_words(n) if p else None for n, p in zip(self.name_text, self.person_name)
        ]

    def books(self, schemas: Iterable[str] | None) -> list[dict[str, tuple[int, ...]]]:
        """Postings (key → list-name indexes) of the entity schemas in *schemas* (None: all)."""
        key = None if schemas is None else frozenset(schemas)
        found = self._books.get(key)
        if found is None:
            found = self._books[key] = [b for s, b in self.postings.items() if key is None or s in key]
        return found

    def analysis(self, ni: int) -> Analysis | None:
        """Analysis of list name *ni* (computed once per index; None if it cannot be analysed)."""
        a = self._analyses[ni]
        if a is None:
            a = self._analyses[ni] = _analyse(self.name_text[ni])
        return a

    def name_words(self, ni: int) -> tuple[list[str], list[str]]:
        """Words of list name *ni*, and of its surname (before the comma), for :func:`variant_of_words`."""
        w = self._words[ni]
        if w is None:
            w = self._words[ni] = name_words(self.name_text[ni])
        return w

    def candidates(self, name: str, schemas: set[str] | None) -> list[int]:
        """List-name indexes sharing the rarest keys with *name*, best first."""
        a = _analyse(name)
        keys = query_keys(name, a) if a is not None else word_keys(name)
        return self.candidates_for_keys(keys | script_keys(name, words(name)), schemas)

    def candidates_for_keys(self, query_keys: Iterable[str], schemas: Iterable[str] | None) -> list[int]:
        """List-name indexes sharing the rarest of *query_keys*, ranked by the summed IDF of the keys they share
        (ties: list order); keys in more than :data:`COMMON_KEY` list names only rank what rarer keys found
        (or, when none did, the rarest of them finds)."""
        df, idf = self.df, self.idf
        books = self.books(schemas)
        keys = sorted((k for k in query_keys if k in df), key=lambda k: (df[k], k))
        weights: dict[int, float] = {}
        for k in keys:
            w = idf[k]
            if df[k] > COMMON_KEY and weights:  # a common key only ranks what rarer keys found
                for ni in self.common[k].intersection(weights):
                    weights[ni] += w
                continue
            for book in books:
                post = book.get(k)
                if post is None:
                    continue
                if weights:
                    add = dict.fromkeys(post, w)
                    for ni in add.keys() & weights.keys():
                        add[ni] = weights[ni] + w
                    weights.update(add)
                else:
                    weights = dict.fromkeys(post, w)
        ranked = sorted(weights.items())  # list order, then (stable) best weight first
        ranked.sort(key=itemgetter(1), reverse=True)
        return [ni for ni, _ in ranked[:CANDIDATES]]

    def fuzzy_candidates(self, a: Analysis, name_words: list[str], schemas: Iterable[str] | None) -> list[int]:
        """List-name indexes the fuzzy route finds for a query name analysed as *a* and split into *name_words*
        (:mod:`adalet.sanctions.fuzzy_candidates`): none unless a word of it read in Latin letters is in no list name
        as written; else those whose every word is within yente's ``AUTO`` edits of a query word, best first."""
        forms = [[part.keys for part in form.parts] for form in a.forms] if a.kind == "cyrillic" else []
        readings = query_words(str(a.kind.value), name_words, forms)
        if not readings or not unlisted(readings, self.df):
            return []
        return rank(readings, self.fuzzy, self.books(schemas), self.df, self.total)

    def exact_names(self, name: str, schemas: set[str] | None) -> list[int]:
        """List-name indexes of the names written exactly as *name* (:func:`exact_form`), of the schemas given."""
        found = self.exact.get(exact_form(name), ())
        return [ni for ni in found if schemas is None or self.entries[self.name_entry[ni]].schema in schemas]

    def shortlist(self, name: str, candidates: list[int]) -> list[int]:
        """The :data:`SCORED` candidates whose words are closest to one of *name*'s Latin forms."""
        return self.shortlist_for(query_signatures(name), candidates)

    def shortlist_for(self, query_sigs: list[str], candidates: list[int]) -> list[int]:
        """The :data:`SCORED` candidates closest to one of *query_sigs* (:func:`query_signatures`)."""
        if not candidates:
            return []
        sigs = [self.name_sig[ni] for ni in candidates]
        best: dict[int, float] = {}
        for qsig in query_sigs:
            for _, score, i in process.extract(qsig, sigs, scorer=fuzz.ratio, limit=SCORED, score_cutoff=PRESCORE_CUTOFF):
                if score > best.get(i, -1.0):
                    best[i] = score
        chosen = [candidates[i] for i in heapq.nlargest(SCORED, best, key=best.__getitem__)]
        # the name sharing the rarest keys is scored too: a name written with a word left out ("KIRIYENKO, Sergei")
        # is further in edits from its full form than from another name with the same given name
        if candidates[0] not in chosen:
            chosen.append(candidates[0])
        return chosen

    def screen(self, query: Query, limit: int = 5, threshold: float = MATCH_THRESHOLD, cutoff: float = CUTOFF,
               keep: Callable[[Entry], bool] | None = None) -> list[Result]:
        """The entries whose best name scores *cutoff* or more, best first; with *keep*, only the entries it keeps
        (a request's datasets, topics or excluded IDs), left out before *limit* counts."""
        schemas = SCHEMA_MATCHES.get(query.schema)
        best: dict[int, tuple[float, str, list[str]]] = {}
        for qname in query.names:
            qa = _analyse(qname)
            written = words(qname)
            keys = query_keys(qname, qa, written) if qa is not None else word_keys(qname)
            keys |= script_keys(qname, written)
            qwords = written if qname.isascii() else None
            sigs = query_signatures(qname, qa, written) if qa is not None else []
            for ni in self.exact_names(qname, schemas):  # a name as listed, in any script: 1.0 whatever its reading
                ei = self.name_entry[ni]
                if ei not in best or best[ei][0] < 1.0:
                    best[ei] = (1.0, self.name_text[ni], [f"'{qname}' is written as the listed name '{self.name_text[ni]}'"])
            shortlisted = self.shortlist_for(sigs, self.candidates_for_keys(keys, schemas))
            if qa is not None:  # the fuzzy route's candidates, scored as the others are
                shortlisted += [ni for ni in self.fuzzy_candidates(qa, written, schemas) if ni not in shortlisted]
            for ni in shortlisted:
                ei = self.name_entry[ni]
                listed = self.name_text[ni]
                m: Match | None
                if self.person_name[ni]:
                    la = self.analysis(ni)
                    # None: below the cutoff for certain (the name would be dropped), learnt without aligning it
                    m = compare_fast(qa, la, cutoff) if qa is not None and la is not None else None
                    if qwords is not None and (m is None or m.score < VARIANT_SCORE):
                        m = variant_of_words(qname, qwords, listed, *self.name_words(ni)) or m
                    if m is None:
                        continue
                else:
                    m = compare_org(qname, listed)
                if ei not in best or m.score > best[ei][0]:
                    best[ei] = (m.score, listed, m.explanation)
        results = []
        for ei, (score, name, explanation) in best.items():
            if score < cutoff:
                continue
            entry = self.entries[ei]
            if keep is not None and not keep(entry):
                continue
            features = {"name": round(score, 4)}
            agree = dates_agree(query.birth_dates, entry.birth_dates)
            if agree is False:
                continue
            explanation = list(explanation)
            if agree:
                features["birth_date"] = 1.0
                explanation.append(f"birth date agrees: {', '.join(query.birth_dates)} / {', '.join(entry.birth_dates)}")
            results.append(Result(entry, score, score >= threshold, name, explanation, features))
        results.sort(key=lambda r: (-r.score, r.entry.id))
        return results[:limit]


def _analyse(name: str) -> Analysis | None:
    """:func:`adalet.names.analyse` (a name that is not a string is read as empty). A failure of the analysis
    raises (fail closed): a screening that cannot read a name must not answer "no match"."""
    return analyse(name if isinstance(name, str) else "")


_part_key = lru_cache(maxsize=65536)(part_key)


def script_keys(name: str, name_words: list[str]) -> set[str]:
    """A query's keys beside its name keys: pairs of characters (they meet organisation names listed in characters,
    :func:`han_keys`) and, for one long word, that word as a name written without spaces (:func:`joined_query_keys`)."""
    keys = joined_query_keys(name_words)
    if not name.isascii() and han_text(name):
        keys |= han_keys(name)
    return keys


def query_keys(name: str, a: Analysis, name_words: list[str] | None = None) -> set[str]:
    """Blocking keys of a query name already analysed as *a* (and split into *name_words*, when done):
    :func:`adalet.names.blocking_keys` (the same rule, part keys cached) and :func:`word_keys`."""
    keys = word_keys(name) if name_words is None else keys_of_words(name_words)
    for form in a.forms:
        for part in form.parts:
            for k in part.keys:
                pk = _part_key(k)
                if len(pk) >= 2 or len(k) <= 3:  # the rule of blocking_keys
                    keys.add(pk)
    return keys


@cache
def warm_name_tables() -> None:
    """Load the tables name analysis reads lazily (pinyin, OpenCC, surnames, Uyghur readings, pinyin syllables)
    once per process, when an index is built, instead of in the first queries. A missing or broken one
    (OpenCC: :class:`adalet.names.han.ConverterUnavailable`) raises here, before any query is answered."""
    require_converter()
    for name in ("陳全國", "艾尔肯·吐尼亚孜", "ئەركىن تۇنىياز", "CHEN, Quanguo", "Алимжан Маматов"):
        compare(name, "Chen Quanguo")
    pinyin_split("quanguo")


_lock = threading.Lock()
_current: Index | None = None


def data_version() -> object:
    """Id and finish time of the last import that changed any list (None before any)."""
    from adalet.sanctions.models import ImportRun

    return ImportRun.objects.filter(changed=True, finished_at__isnull=False).order_by("-id").values_list("id", "finished_at").first()


def build_index(version: object = None) -> Index:
    """An index over every current (not removed) entity in the database. An FtM entity's ``datasets`` and
    ``first_seen``/``last_seen``/``last_change`` are served as its file gave them; otherwise the list's dataset
    (:func:`dataset_name` of its authority) and the times Adalet first saw and last changed it."""
    from adalet.sanctions.models import SanctionedEntity

    rows = SanctionedEntity.objects.filter(removed_on__isnull=True).order_by("id").values_list(
        "source_id", "schema", "caption", "names", "name_keys", "birth_dates", "properties", "authority",
        "first_seen", "last_changed", "raw__datasets", "raw__first_seen", "raw__last_seen", "raw__last_change",
    )
    entries = [
        Entry(sid, schema, caption, names, keys, births, props, given_datasets(datasets) or [dataset_name(auth)],
              given_stamp(seen) or _iso(first), given_stamp(change) or _iso(changed),
              given_stamp(last_seen) or given_stamp(change) or _iso(changed), auth)
        for sid, schema, caption, names, keys, births, props, auth, first, changed, datasets, seen, last_seen, change
        in rows.iterator(chunk_size=2000)
    ]
    return Index(entries, version)


def given_datasets(value: Any) -> list[str]:
    """The dataset names an FtM entity gave (checked at import), as a list."""
    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [v for v in values if isinstance(v, str) and v]



def current_index() -> Index:
    """The process's index, rebuilt when the database's data version moved."""
    global _current
    version = data_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = build_index(version)
        return _current


def dataset_name(authority: str) -> str:
    return {"us-ofac": "us_ofac_sdn"}.get(authority, authority.replace("-", "_"))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def entries_from_records(records: Iterable[Any], dataset: str) -> list[Entry]:
    """Entries straight from parsed :class:`~adalet.sanctions.importers.records.Record` objects (no database)."""
    return [
        Entry(r.source_id, r.schema, r.caption, r.names, [sorted(blocking_keys(n)) for n in r.names], r.birth_dates,
              r.properties, [dataset])
        for r in records
    ]


def entity_matches(schema: str, properties: dict[str, Any], limit: int = 5, threshold: float = MATCH_THRESHOLD,
                   cutoff: float = CUTOFF, index: Index | None = None) -> dict[str, Any]:
    """One query answered in yente's ``EntityMatches`` shape (``status``, ``results``, ``total``, ``query``)."""
    query = Query.from_example(schema, properties)
    results = (index or current_index()).screen(query, limit=limit, threshold=threshold, cutoff=cutoff) if query.names else []
    return {
        "status": 200,
        "results": [r.to_dict() for r in results],
        "total": {"value": len(results), "relation": "eq"},
        "query": {"id": None, "schema": schema, "properties": properties},
    }
