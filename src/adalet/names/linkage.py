"""Record linkage: which person in one list of records is which person in another.

This module owns :func:`link`, the driver that finds the pairs of records (a name in any script, a birth date or
year) that are the same person, without comparing all pairs:

1. Each distinct name is analysed once (:func:`~adalet.names.forms.analyse`) and given its blocking keys
   (:func:`name_keys`: those of :func:`~adalet.names.blocking.blocking_keys`, plus whole short parts).
2. Blocking: a left record meets only the right records that share one of its name keys *and* its birth date
   (or the same date with day and month swapped). A record that gives only a birth year meets those of that year,
   and a record with neither meets every record of its key, in these coarse blocks only when the two share two
   keys (or every key of the one that has fewer), and in blocks of at most ``max_block`` records (a larger block
   is skipped when the record has a smaller one). Two records whose known birth years differ are never compared.
3. Each distinct pair of names is compared once (:func:`~adalet.names.analysed.compare_analysed`, the rules of
   :func:`adalet.names.compare`), unless a cheap exact bound (:func:`~adalet.names.analysed.may_reach`) shows
   that it would score below the threshold. A name score below ``threshold`` is never a link, whatever the dates say.
   Equal full birth dates raise the score half-way to 1; dates with day and month swapped multiply it by
   :data:`SWAPPED_DATE_FACTOR`; a year only leaves it as it is.
4. Assignment: candidates are taken best score first (at equal scores, equal dates before a year only); by
   default each right record is used at most once and each left record gets at most one link (greedy
   one-to-one). With ``one_to_one=False`` every left record keeps all its best-scoring right records.

Dates in leaked records are usually exact, so by default two full dates that differ (other than by a day/month
swap) mean two people and the pair is not even compared. ``tolerate_date_mismatch=True`` compares every pair of
the same birth year instead and multiplies the score of differing dates by :data:`DATE_MISMATCH_FACTOR`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from adalet.names.analysed import compare_analysed, may_reach, usable
from adalet.names.blocking import part_key
from adalet.names.forms import Analysis, analyse
from adalet.names.score import Match

#: Equal full birth dates move the name score this share of the way to 1.
DATE_AGREEMENT = 0.5
#: Factor for two birth dates that are the same with day and month swapped.
SWAPPED_DATE_FACTOR = 0.9
#: Factor for two different full birth dates of the same year (only with ``tolerate_date_mismatch``).
DATE_MISMATCH_FACTOR = 0.8
#: Blocks larger than this are skipped when a record has a rarer key.
MAX_BLOCK = 2000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LinkRecord:
    """One record to link: a caller's key, a name in any script, and the birth date or year when known."""

    key: str
    name: str
    birth_date: datetime.date | None = None
    birth_year: int | None = None

    @property
    def year(self) -> int | None:
        """Birth year, from the date when there is one."""
        return self.birth_date.year if self.birth_date is not None else self.birth_year


@dataclass(frozen=True)
class Link:
    """A left record and a right record judged to be the same person."""

    left: str
    right: str
    score: float  # name score adjusted by the birth dates, 0..1
    name_score: float
    explanation: str


@dataclass
class LinkStats:
    """What :func:`link` did: filled in when passed as ``stats``."""

    names: int = 0  # distinct names analysed
    candidate_pairs: int = 0  # record pairs met in a block (each counted once)
    name_pairs: int = 0  # distinct name pairs met (each compared once, unless may_reach rules it out)
    above_threshold: int = 0  # candidate record pairs at or above threshold
    links: int = 0


def _swapped(d: datetime.date) -> datetime.date | None:
    """*d* with day and month swapped, when that is another valid date."""
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:  # pragma: no cover - day <= 12 always makes a valid month; kept for safety
        return None


def _date_effect(a: LinkRecord, b: LinkRecord, score: float) -> tuple[float, int, str]:
    """Score adjusted by the two records' birth information, the strength of that information (2: equal dates,
    1: swapped or differing dates, or a year on both sides, 0: unknown; it breaks ties), and the sentence saying how."""
    da, db = a.birth_date, b.birth_date
    if da is not None and db is not None:
        if da == db:
            return score + (1.0 - score) * DATE_AGREEMENT, 2, f"same birth date {da.isoformat()}"
        if _swapped(da) == db:
            return score * SWAPPED_DATE_FACTOR, 1, f"birth dates {da.isoformat()} / {db.isoformat()}: day and month swapped"
        return score * DATE_MISMATCH_FACTOR, 1, f"different birth dates {da.isoformat()} / {db.isoformat()} in the same year"
    ya, yb = a.year, b.year
    if ya is not None and yb is not None:
        return score, 1, f"same birth year {ya}"
    return score, 0, "birth date unknown on one side"


@lru_cache(maxsize=65536)
def _part_key(key: str) -> str:
    return part_key(key)


def name_keys(name: str, a: Analysis | None = None) -> set[str]:
    """Blocking keys of *name* (analysed as *a*): those of :func:`~adalet.names.blocking.blocking_keys`, plus the
    whole folded part (``=zhou``) where the part's consonant key is one letter (``zhou``/``chao`` → ``z``/``c``,
    too common to block on, so :func:`blocking_keys` leaves it out): 周超 and "Chao Zhou" still share a block."""
    keys: set[str] = set()
    for form in (a or analyse(name)).forms:
        for part in form.parts:
            for k in part.keys:
                pk = _part_key(k)
                if len(pk) >= 2 or len(k) <= 3:  # the rule of blocking_keys
                    keys.add(pk)
                else:
                    keys.add("=" + k)
    return keys


def _analysed(name: str) -> tuple[Analysis, tuple[str, ...]]:
    """Analysis and blocking keys of one name; an unusable name has no keys (links to nothing). A failure of the
    analysis itself (a missing converter or table) raises: it must not silently unlink every name."""
    a = analyse(name)
    return a, (tuple(name_keys(name, a)) if usable(a) else ())


class _Names:
    """Distinct names of both sides, each analysed once, with its blocking keys."""

    def __init__(self, names: list[str]) -> None:
        self.analyses: list[Analysis] = []
        self.keys: list[tuple[str, ...]] = []
        for name in names:
            a, k = _analysed(name)
            self.analyses.append(a)
            self.keys.append(k)

    def compare(self, pairs: list[tuple[int, int, int]], threshold: float) -> list[Match | None]:
        """For each (name, name, keys shared): the Match when it reaches *threshold*, else None."""
        out: list[Match | None] = []
        for x, y, shared in pairs:
            a, b = self.analyses[x], self.analyses[y]
            # one shared key is mostly chance: the cheap bound first; two or more are mostly the same name
            m = compare_analysed(a, b) if shared > 1 or may_reach(a, b, threshold) else None
            out.append(m if m is not None and m.score >= threshold else None)
        return out


_Blocks = dict[str, list[int]]


class _Index:
    """Right records by (key, birth date), and, where some left record needs them, by (key, birth year) and key.

    A left record with a full date meets the right records of the same key and date (or swapped date): small
    blocks. Blocks by year or by key alone are coarse: there, a right record is a candidate only when it shares
    two keys with the left one (or all the keys of the one with fewer), and blocks over ``max_block`` records are
    left out when the record has smaller ones.
    """

    def __init__(self, right: Sequence[LinkRecord], keys: list[tuple[str, ...]], by_year: bool, by_key: bool) -> None:
        self.by_date: dict[int, _Blocks] = {}  # date ordinal → key → right records
        self.by_year: dict[int, _Blocks] = {}  # every right record with a year (if by_year)
        self.year_only: dict[int, _Blocks] = {}  # right records with a year and no date
        self.by_key: _Blocks = {}  # every right record (if by_key)
        self.no_birth: _Blocks = {}  # right records with neither
        for j, rec in enumerate(right):
            ks = keys[j]
            if not ks:
                continue
            date = rec.birth_date
            year = date.year if date is not None else rec.birth_year
            if by_key:
                for k in ks:
                    self.by_key.setdefault(k, []).append(j)
            if year is None:
                for k in ks:
                    self.no_birth.setdefault(k, []).append(j)
                continue
            if date is not None:
                blocks = self.by_date.setdefault(date.toordinal(), {})
                for k in ks:
                    b = blocks.get(k)
                    if b is None:
                        blocks[k] = [j]
                    else:
                        b.append(j)
            else:
                blocks = self.year_only.setdefault(year, {})
                for k in ks:
                    blocks.setdefault(k, []).append(j)
            if by_year:
                blocks = self.by_year.setdefault(year, {})
                for k in ks:
                    blocks.setdefault(k, []).append(j)

    def blocks(
        self, keys: tuple[str, ...], rec: LinkRecord, tolerate: bool, max_block: int
    ) -> tuple[list[list[int]], list[list[int]], int]:
        """(small blocks, coarse blocks, keys a right record must share in the coarse ones) for *rec* (with *keys*)."""
        date = rec.birth_date
        year = date.year if date is not None else rec.birth_year
        small: list[list[int]] = []
        coarse: list[list[int]] = []
        none: dict[str, list[int]] = {}
        if date is not None and not tolerate:
            days = [self.by_date.get(date.toordinal(), none)]
            swapped = _swapped(date)
            if swapped is not None:
                days.append(self.by_date.get(swapped.toordinal(), none))
            year_only = self.year_only.get(date.year, none)
            for k in keys:
                for blocks in days:
                    b = blocks.get(k)
                    if b:
                        small.append(b)
                b = year_only.get(k)
                if b:
                    coarse.append(b)
                b = self.no_birth.get(k)
                if b:
                    coarse.append(b)
        elif year is not None:
            by_year = self.by_year.get(year, none)
            for k in keys:
                b = by_year.get(k)
                if b:
                    coarse.append(b)
                b = self.no_birth.get(k)
                if b:
                    coarse.append(b)
        else:
            for k in keys:
                b = self.by_key.get(k)
                if b:
                    coarse.append(b)
        need = min(2, len(keys))
        if coarse:
            kept = [b for b in coarse if len(b) <= max_block]
            if len(kept) < len(coarse):  # a key left out cannot be counted as shared
                need = 1
            coarse = kept if kept else [min(coarse, key=len)]  # every block is large: still meet the smallest
        return small, coarse, need


def link(
    left: Sequence[LinkRecord],
    right: Sequence[LinkRecord],
    *,
    threshold: float = 0.7,
    one_to_one: bool = True,
    tolerate_date_mismatch: bool = False,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
    stats: LinkStats | None = None,
) -> list[Link]:
    """Links between *left* and *right* records at or above *threshold*, best first (see the module docstring).

    ``progress(stage, done, total)`` is called after each stage; ``stats`` is filled in with counts.
    """
    st = stats if stats is not None else LinkStats()
    ids: dict[str, int] = {}
    left_ids = [ids.setdefault(r.name if isinstance(r.name, str) else "", len(ids)) for r in left]
    right_ids = [ids.setdefault(r.name if isinstance(r.name, str) else "", len(ids)) for r in right]
    names = _Names(list(ids))
    return _link(left, right, left_ids, right_ids, names, threshold, one_to_one, tolerate_date_mismatch, max_block, progress, st)


def _link(
    left: Sequence[LinkRecord],
    right: Sequence[LinkRecord],
    left_ids: list[int],
    right_ids: list[int],
    names: _Names,
    threshold: float,
    one_to_one: bool,
    tolerate: bool,
    max_block: int,
    progress: Progress | None,
    st: LinkStats,
) -> list[Link]:
    st.names = len(names.keys)
    if progress:
        progress("analyse", st.names, st.names)
    keys_of = names.keys
    needs_year = tolerate or any(r.birth_date is None and r.birth_year is not None for r in left)
    needs_key = any(r.year is None for r in left)
    index = _Index(right, [keys_of[j] for j in right_ids], needs_year, needs_key)

    record_pairs: list[tuple[int, int, tuple[int, int]]] = []  # (left index, right index, name pair)
    shared_keys: dict[tuple[int, int], int] = {}  # name pair → most keys shared by a record pair with these names
    for i, rec in enumerate(left):
        li = left_ids[i]
        keys = keys_of[li]
        if not keys:
            continue
        small, coarse, need = index.blocks(keys, rec, tolerate, max_block)
        seen: dict[int, int] = {}  # right index → keys shared (counted over the blocks met)
        for block in small:
            for j in block:
                seen[j] = seen.get(j, 0) + 1
        if coarse:
            shared: dict[int, int] = {}
            for block in coarse:
                for j in block:
                    shared[j] = shared.get(j, 0) + 1
            for j, n in shared.items():
                if n >= need or n >= len(keys_of[right_ids[j]]):
                    seen[j] = seen.get(j, 0) + n
        st.candidate_pairs += len(seen)
        year = rec.year
        for j, n in seen.items():
            other_year = right[j].year
            if year is not None and other_year is not None and other_year != year:
                continue  # a key/no-birth block may hold other years: different known years are never compared
            pair = (li, right_ids[j])
            record_pairs.append((i, j, pair))
            if shared_keys.get(pair, 0) < n:
                shared_keys[pair] = n
    if progress:
        progress("block", len(left), len(left))

    name_pairs = list(shared_keys)
    found = names.compare([(x, y, shared_keys[(x, y)]) for x, y in name_pairs], threshold)
    matches = {pair: m for pair, m in zip(name_pairs, found) if m is not None}
    st.name_pairs = len(name_pairs)
    if progress:
        progress("compare", len(name_pairs), len(name_pairs))

    candidates: list[tuple[float, int, int, int, float]] = []  # (score, date strength, left, right index, name score)
    for i, j, pair in record_pairs:
        m = matches.get(pair)
        if m is None:
            continue
        adjusted, strength, _ = _date_effect(left[i], right[j], m.score)
        if adjusted >= threshold:
            candidates.append((adjusted, strength, i, j, m.score))
    st.above_threshold = len(candidates)

    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))  # best score, then the stronger date evidence
    chosen: list[tuple[float, int, int, int, float]] = []
    if one_to_one:
        used_left: set[int] = set()
        used_right: set[int] = set()
        for c in candidates:
            if c[2] not in used_left and c[3] not in used_right:
                used_left.add(c[2])
                used_right.add(c[3])
                chosen.append(c)
    else:
        best: dict[int, tuple[float, int]] = {}
        for c in candidates:
            if best.setdefault(c[2], c[:2]) == c[:2]:
                chosen.append(c)

    links = []
    for score, _, i, j, name_score in chosen:
        a, b = left[i], right[j]
        _, _, dates = _date_effect(a, b, name_score)
        explanation = matches[(left_ids[i], right_ids[j])].explanation
        links.append(Link(a.key, b.key, round(score, 4), name_score, "; ".join([*explanation, dates])))
    st.links = len(links)
    return links
