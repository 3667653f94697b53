"""Search-result snippets: a short piece of the ORIGINAL passage with the matches marked.

Matching is decided on analysed tokens (analysis.py), so the snippet finds matches the same
way: `index_spans()` analyses the passage keeping each token's offsets in the original text,
the query's terms are looked up in those token streams (a phrase as consecutive tokens, a
one-character Han term in the chars stream), and the original characters they cover are
wrapped in ``<mark>``. So 新疆 highlights 新疆 even when the text has it as 新\\n疆, and a
Uyghur word typed in base letters highlights its presentation-form spelling in a PDF's text.

A term matched through the derived forms of a name or a place (derived.py: Patigul for 帕提古丽·艾合买提江)
marks that name as written, and `snippet_explained` says so in words.

Everything else is HTML-escaped; the result is safe to insert into a page as is.
"""

from __future__ import annotations

import html
from collections import Counter

from adalet.archive.search import derived
from adalet.archive.search.analysis import BODY, CHARS, Query, index_spans, is_han_bigram, normalize
from adalet.lib import personal

__all__ = ["snippet", "snippet_explained"]

ELLIPSIS = "…"
MAX_MATCHES = 2000  # enough for any passage; bounds the window search on pathological input
SCAN_ALL_BELOW = 400  # longer passages are analysed only around their best literal hits, when there are some

Span = tuple[int, int]


def _find(
    tokens: list[tuple[str, int, int]], where: dict[str, list[int]], wanted: tuple[str, ...]
) -> list[Span]:
    """Original-text spans of every occurrence of the token sequence `wanted` in `tokens`.

    `where` maps each token to its indexes in `tokens`.
    """
    n = len(wanted)
    return [
        (tokens[i][1], tokens[i + n - 1][2])
        for i in where.get(wanted[0], ())
        if i + n <= len(tokens) and all(tokens[i + k][0] == wanted[k] for k in range(1, n))
    ]


def _positions(tokens: list[tuple[str, int, int]], wanted: set[str]) -> dict[str, list[int]]:
    """Each token of `wanted` -> the indexes where it occurs in `tokens`."""
    where: dict[str, list[int]] = {}
    for i, (token, _start, _end) in enumerate(tokens):
        if token in wanted:
            where.setdefault(token, []).append(i)
    return where


def _matches(text: str, query: Query) -> list[tuple[int, int, int]]:
    """(start, end, term number) of every match of every term, sorted by position."""
    firsts: dict[str, set[str]] = {BODY: set(), CHARS: set()}
    for term in query.terms:  # a term is found from its first token: only those are located
        firsts[term.stream].add(term.tokens[0])
    # chars-stream terms are single tokens: only their own occurrences are needed, not every gram of the text;
    # so are body terms that are one Han bigram (在押): the main stream's bigrams are its runs' adjacent pairs
    if all(term.stream == CHARS or _one_bigram(term.tokens) for term in query.terms):
        _, found = index_spans(text, main=False, grams=firsts[CHARS] | firsts[BODY])
        main = [token for token in found if len(token[0]) == 2]  # chars-stream grams have 1, 3 or 4 ideographs
        chars = [token for token in found if len(token[0]) != 2]
    else:  # some body term is a word or a phrase: the main stream is walked
        main, chars = index_spans(text, grams=firsts[CHARS])
    streams = {BODY: main, CHARS: chars}
    where = {stream: _positions(tokens, firsts[stream]) for stream, tokens in streams.items()}
    out: list[tuple[int, int, int]] = []
    for number, term in enumerate(query.terms):
        spans = _find(streams[term.stream], where[term.stream], term.tokens)
        out.extend((start, end, number) for start, end in spans)
    out.sort()
    return out[:MAX_MATCHES]


def _one_bigram(tokens: tuple[str, ...]) -> bool:
    return len(tokens) == 1 and is_han_bigram(tokens[0])


def _literal_hits(folded: str, query: Query) -> list[tuple[int, int, int]]:
    """Where each term's first token occurs literally in the casefolded text (cheap str.find)."""
    hits: list[tuple[int, int, int]] = []
    for number, term in enumerate(query.terms):
        token = term.tokens[0]
        position = folded.find(token)
        while position != -1 and len(hits) < MAX_MATCHES:
            hits.append((position, position + len(token), number))
            position = folded.find(token, position + 1)
    return sorted(hits)


def _matches_near_best_literal_hit(text: str, query: Query, width: int) -> list[tuple[int, int, int]]:
    """Matches in the region around the best window of literal hits; [] when there are none.

    Analysing a 3,000-character passage costs milliseconds and a snippet shows one window of it.
    Terms' first tokens usually occur literally (casefolded) in the text, so the window holding
    most of them is found with str.find and only the region around it is analysed. When nothing
    occurs literally (folded letter forms, diacritics), the caller analyses the whole text.
    """
    folded = text.casefold()
    if len(folded) != len(text):
        return []
    hits = _literal_hits(folded, query)
    if not hits:
        return []
    best = _best_window(hits, width)
    start = max(0, best - width // 2)
    return [(s + start, e + start, n) for s, e, n in _matches(text[start : best + width + width // 2], query)]


def _best_window(matches: list[tuple[int, int, int]], width: int) -> int:
    """Start offset of the match that begins the window holding the most distinct terms.

    A sliding window over the matches (sorted by start): linear in their number.
    """
    counts: Counter[int] = Counter()
    best_start, best_count, j = matches[0][0], 0, 0
    for start, _end, number in matches:
        while j < len(matches) and matches[j][0] < start + width:
            counts[matches[j][2]] += 1
            j += 1
        if len(counts) > best_count:
            best_start, best_count = start, len(counts)
        counts[number] -= 1
        if not counts[number]:
            del counts[number]
    return best_start


def _window(text: str, anchor: int, width: int) -> tuple[int, int]:
    """A [start, end) of about `width` characters with `anchor` a little after its start."""
    start = max(0, anchor - width // 4)
    end = min(len(text), start + width)
    start = max(0, end - width)
    if start > 0:  # do not begin in the middle of a word if a space is near
        space = text.find(" ", start, min(anchor, start + 20))
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(start, end - 20), end)
        if space > anchor:
            end = space
    return start, end


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping or touching spans merged (bigrams of one Han run become one mark)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _render(text: str, start: int, end: int, marks: list[Span], masked: bool) -> str:
    """text[start:end] escaped, with `marks` (inside the window) wrapped in <mark>.

    `masked`: the text is masked already, and a number the window's edges cut through is hidden too.
    """
    if masked and (start > 0 or end < len(text)):
        text = text[:start] + personal.hide_cut_numbers(text, start, end) + text[end:]
    out: list[str] = [ELLIPSIS] if start > 0 else []
    pos = start
    for s, e in marks:
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out)


def snippet(text: str, query: Query, width: int = 160, *, masked: bool = True) -> str:
    """`snippet_explained`'s snippet alone."""
    return snippet_explained(text, query, width, masked=masked)[0]


def _derived_matches(text: str, query: Query) -> tuple[list[tuple[int, int, int]], str, bool]:
    """Matches of the terms found through a mention's derived forms (not as typed), the words saying so, and
    whether any term occurs as typed in the text."""
    folded = normalize(text)
    literal = [normalize(t.typed) in folded if t.typed else True for t in query.terms]
    terms = [(t.typed, t.alts, found) for t, found in zip(query.terms, literal, strict=True) if t.alts and t.typed]
    spans, explanation = derived.explain(text, terms)
    return [(s, e, len(query.terms) + k) for k, (s, e) in enumerate(spans)], explanation, any(literal)


def snippet_explained(text: str, query: Query, width: int = 160, *, masked: bool = True) -> tuple[str, str]:
    """An HTML-safe snippet of `text` (about `width` characters) around the best match.

    The best match is where a window holds the most distinct query terms. Matched spans of the
    original text are wrapped in ``<mark>…</mark>``; everything is escaped. Without a match (or
    with an empty query) the escaped start of the text is returned.

    `masked` (the default: for anyone who may not see ID numbers): the whole text is masked before
    anything is cut (`adalet.lib.personal`), and a number cut by the window's edges is hidden.

    Also returns how terms matched through derived forms of names and places, in words ("" when none did),
    read from the text as shown (masked): "matched 'Patigul Ehmetjan' as 帕提古丽·艾合买提江".
    """
    width = max(width, 1)
    if masked:
        text = personal.mask(text)
    matches: list[tuple[int, int, int]] = []
    explanation = ""
    if query.terms and text:
        extra, explanation, literal = _derived_matches(text, query)
        if literal or not extra:  # found only through derived forms: nothing else to look for in the text
            if len(text) > SCAN_ALL_BELOW:
                matches = _matches_near_best_literal_hit(text, query, width)
            matches = matches or _matches(text, query)
        matches = sorted(matches + extra) if extra else matches
    if not matches:
        return _render(text, *_window(text, 0, width), [], masked), explanation
    start, end = _window(text, _best_window(matches, width), width)
    spans = [(s, e) for s, e, _n in matches if s < end and e > start]
    end = max([end, *(e for _s, e in spans)])  # never cut a mark at the end
    marks = _merge([(max(s, start), e) for s, e in spans])
    return _render(text, start, end, marks, masked), explanation


def highlighted(text: str, query: Query) -> str:
    """All of `text` (masked already where the reader may not see personal numbers), HTML-escaped, with the matches
    of the query's terms marked: a row or a page the viewer opens at."""
    spans: list[Span] = []
    if query.terms and text:
        extra, _explanation, _literal = _derived_matches(text, query)
        spans = [(s, e) for s, e, _n in _matches(text, query) + extra]
    return _render(text, 0, len(text), _merge(spans), masked=False)
