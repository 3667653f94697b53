"""Text analysis for full-text search, done the same way in Python for every database engine.

Neither engine can index our languages well by itself: SQLite's trigram tokenizer finds nothing
for one- and two-character queries, and PostgreSQL's text parser does not segment Chinese. So
we analyse text here, once, and hand both engines ready-made tokens (the way Lucene's CJK
analyzer does). The engine then only compares tokens, so results are identical on both.

Pipeline
--------
1. `normalize()` folds the text so that equivalent spellings become the same characters:

   * Compatibility forms (NFKD): fullwidth ASCII -> ASCII, Arabic presentation forms
     (U+FB50-U+FDFF, U+FE70-U+FEFF) -> base letters, CJK compatibility ideographs -> unified
     ideographs, ligatures (ﬁ) -> letters.
   * Arabic heh: the presentation forms of U+0647 are mapped by *position* before NFKD,
     because in Uyghur text they stand for two different letters. Uyghur ە (U+06D5, "e") has no
     presentation forms of its own and only joins on the right, so PDF/old software renders it
     with heh ISOLATED/FINAL (U+FEE9/U+FEEA) -> U+06D5; heh INITIAL/MEDIAL (U+FEEB/U+FEEC) can
     only be Uyghur ھ (U+06BE, "h") -> U+06BE. A bare Arabic heh U+0647 is what Arabic keyboard
     layouts type for ە (their glyphs are identical at the end of a word) -> U+06D5. ە and ھ
     themselves stay distinct: they are different letters.
   * Yeh: Arabic yeh U+064A, alef maksura U+0649 and Farsi yeh U+06CC -> U+064A. Uyghur writes
     i with U+0649 and y with U+064A, but old encodings, keyboards and PDF font maps mix the
     three freely (the final forms look alike), so we accept a small loss of precision (i/y) for
     recall. Hamza on a yeh of any kind becomes ئ U+0626 (the Uyghur vowel carrier; it is kept).
   * Kaf: keheh U+06A9 (Persian keyboards) -> kaf U+0643.
   * Removed: tatweel/kashida U+0640, ZWNJ/ZWJ/ZWSP/word joiner, BOM, soft hyphen, bidi
     controls, variation selectors (so an ideographic variation sequence matches its base
     character), Arabic harakat and Quranic marks (but not hamza above, see yeh), and the Latin
     combining diacritics NFKD splits off (so Uyghur Latin é/ö/ü match e/o/u, café = cafe).
   * Digits: Arabic-Indic (U+0660-U+0669) and extended/Persian (U+06F0-U+06F9) -> ASCII.
   * Case: str.casefold() (ID numbers' final X -> x, ß -> ss).
   * Not done (yet): traditional -> simplified Chinese (needs OpenCC, not installed; 國 does not
     find 国), transliteration between Uyghur Arabic and Latin scripts, Arabic-language alef
     folding (أ/إ/آ), other scripts' digits, letters without a decomposition (ø, ł, ı).

2. Tokenization of the normalised text (`index_streams()`):

   * A *word* is a run of letters, digits and combining marks other than Han ideographs
     (Latin, Arabic script, Cyrillic, kana, hangul ... and ID numbers such as
     65010219800101123x). Anything else (punctuation, symbols, spaces, underscore) separates.
     Words longer than `MAX_TOKEN_CHARS` are cut (PostgreSQL refuses lexemes over 2 KB).
   * A *Han run* is a run of Han ideographs, which may contain whitespace (not punctuation):
     Chinese uses no spaces, so whitespace between ideographs is almost always a line break or
     PDF spacing artefact (公安\\n局 must still find 公安局). A run of >= 2 ideographs becomes its
     overlapping bigrams in order (陈全国 -> 陈全, 全国), a lone ideograph stays a unigram.
   * The *main stream* holds words and Han tokens in text order (positions matter for phrases);
     the *chars stream* holds every Han ideograph, for one-character queries, and every 3- and
     4-ideograph sequence of a run (its *grams*), so that the commonest Chinese words (names,
     places, 培训中心) are one token to look up rather than a phrase whose positions the engine
     must check passage by passage (on PostgreSQL that check reads every matching tsvector).

   * *Personal numbers* (resident ID numbers in any spelling, runs of 10+ digits: `adalet.lib.personal`) are
     not indexed as written: each becomes one token, a keyed hash of its canonical spelling, so the index
     never holds an ID's digits and only a query that `parse_query` was allowed to hash can find it.

3. Queries (`parse_query()`): terms are ANDed; "double quotes" make a phrase (smart quotes “”
   work too); ``OR`` between two terms requires either, ``-term`` (or ``NOT term``) leaves out what holds it
   (syntax.py reads these operators; nothing else is one). Unquoted, every whitespace-separated word is one term; a word that analyses into
   several tokens (jem'iyet -> jem iyet, 新疆维吾尔自治区 -> its bigrams) is a phrase of them; a
   word that is a single ideograph, or a Han run of 3 or 4 ideographs, is one token on the chars
   stream (陈全国 -> 陈全国); a two-ideograph word is its bigram. Inside quotes Han runs join across
   whitespace exactly as when indexing. Nothing in the input is ever the engines' syntax: every
   token is quoted in the engine expression, so NEAR, lower-case or, *, column filters,
   backslashes, &, |, ! and :* are just text (and punctuation is a separator).

4. Derived forms (`derived.py`): the names and Xinjiang counties a passage mentions also give tokens for a
   third stream, *names* (folded Latin keys of every reading of a name in any script, a transcribed name's
   characters without the middle dot, one token per county), and every query term may match either its own tokens
   or, through `Term.alts`, those of the names stream: `Patigul`, `پاتىگۈل`, `Патигуль` or `Tekes` find
   帕提古丽·艾合买提江 and 特克斯县, `努尔依力哈木` finds 努尔·依力哈木. A word and the place word after it
   ("Tekes County") are one term. A "quoted phrase" stays a phrase of the text as typed (no derived forms: those
   have no order).

Engines
-------
SQLite FTS5: a table with columns `body` (main stream), `chars` (chars stream) and `names`, each stored
as the tokens joined by single spaces, declared with `FTS5_TOKENIZE` (the ascii tokenizer: it
splits only on ASCII non-alphanumerics, so our tokens -- Han bigrams, Arabic letters with
hamza, combining marks, digits -- are kept intact whatever Unicode version SQLite was built
with). Query with ``WHERE t MATCH ?`` and `Query.fts5_match()`; rank with ``bm25(t)``.

PostgreSQL: a ``tsvector`` column filled with `tsvector_literal()` cast ``%s::tsvector`` and a
GIN index; query with ``col @@ %s::tsquery`` and `Query.pg_tsquery()`; rank with ``ts_rank``.
Literal input syntax bypasses PostgreSQL's parser and dictionaries entirely. Chars-stream
lexemes carry the prefix `CHARS_PREFIX` (``~``), which no token can contain, so a
one-character term matches only the chars stream; they carry no positions (never in phrases). Names-stream
lexemes carry `NAMES_PREFIX` (``=``), without positions either.
PostgreSQL limits: positions stop at 16383 and at most 256 positions are kept per lexeme, and
a tsvector holds at most 1 MB of lexemes. So index passages of at most ~4,000 characters;
`tsvector_literal()` raises `PassageTooLong` beyond 16383 main tokens or 1 MB. A token that
occurs more than 256 times in one passage may lose phrase matches on PostgreSQL only.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from adalet.archive.search.syntax import Lexed, Word, lex
from adalet.lib import personal

Alternatives = tuple[tuple[tuple[str, ...], ...], ...]  # derived.Alternatives: forms of parts of keys

__all__ = [
    "BODY",
    "CHARS",
    "CHARS_PREFIX",
    "NAMES",
    "NAMES_PREFIX",
    "FTS5_TOKENIZE",
    "MAX_PHRASE_TOKENS",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MAX_TOKEN_CHARS",
    "PG_MAX_POSITION",
    "PG_MAX_TSVECTOR_BYTES",
    "PassageTooLong",
    "Query",
    "Term",
    "fts5_columns",
    "index_spans",
    "index_streams",
    "normalize",
    "parse_query",
    "tsvector_literal",
]

# --- Public constants -------------------------------------------------------------------------

BODY: Final = "body"  # FTS5 column of the main stream
CHARS: Final = "chars"  # FTS5 column of the chars stream
CHARS_PREFIX = "~"  # PostgreSQL namespace of chars-stream lexemes; never part of a token
NAMES: Final = "names"  # FTS5 column of the derived forms of names and places (derived.py)
NAMES_PREFIX = "="  # PostgreSQL namespace of names-stream lexemes; never part of a token
GRAM_SIZES = (3, 4)  # Han runs also index their 3- and 4-ideograph sequences on the chars stream
FTS5_TOKENIZE = "ascii"  # use as: CREATE VIRTUAL TABLE t USING fts5(body, chars, names, tokenize="ascii")

MAX_TOKEN_CHARS = 255  # longer words are cut (PostgreSQL lexemes are limited to 2047 bytes)
MAX_QUERY_CHARS = 2000  # longer query strings are cut before analysis
MAX_TERMS = 64  # terms beyond this are dropped
MAX_PHRASE_TOKENS = 64  # a longer phrase keeps its first tokens (a looser, still precise query)
PG_MAX_POSITION = 16383  # PostgreSQL clamps tsvector positions here
PG_MAX_TSVECTOR_BYTES = 1_048_575  # PostgreSQL limit on the lexeme text of one tsvector

Stream = Literal["body", "chars"]


class PassageTooLong(ValueError):
    """The passage does not fit one PostgreSQL tsvector; split it into smaller passages."""


# --- Normalisation ----------------------------------------------------------------------------

_HEH_E, _HEH_H, _YEH, _KAF = "\u06d5", "\u06be", "\u064a", "\u0643"

_DELETED = [  # (first, last) code points removed by normalize()
    (0x00AD, 0x00AD),  # soft hyphen
    (0x0300, 0x036F),  # Latin (and Greek, Cyrillic) combining diacritics split off by NFKD
    (0x0610, 0x061A),  # Arabic small signs
    (0x061C, 0x061C),  # Arabic letter mark
    (0x0640, 0x0640),  # tatweel / kashida
    (0x064B, 0x0653),  # harakat: tanwin, fatha, damma, kasra, shadda, sukun, maddah
    (0x0655, 0x065F),  # hamza below and other marks (hamza ABOVE U+0654 is kept)
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08E1),  # extended Arabic marks
    (0x08E3, 0x08FF),
    (0x180B, 0x180F),  # Mongolian variation selectors
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0x20D0, 0x20FF),  # combining marks for symbols
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFE20, 0xFE2F),  # combining half marks
    (0xFEFF, 0xFEFF),  # byte order mark / zero width no-break space
    (0xE0100, 0xE01EF),  # ideographic variation selectors
]


def _fold_table() -> dict[int, str | None]:
    """The character map applied after NFKD and casefold: deletions, letter and digit folds."""
    table: dict[int, str | None] = {}
    for first, last in _DELETED:
        for cp in range(first, last + 1):
            table[cp] = None
    table.update({0x0649: _YEH, 0x06CC: _YEH, 0x06A9: _KAF, 0x0647: _HEH_E})
    for digit in range(10):
        table[0x0660 + digit] = str(digit)
        table[0x06F0 + digit] = str(digit)
    return table


_FOLD = _fold_table()
# The folds frequent in Uyghur text are done with str.replace (much faster than translate);
# translate runs only when one of the rarer characters is present.
_FREQUENT = ((0x0649, _YEH), (0x06CC, _YEH), (0x06A9, _KAF), (0x0647, _HEH_E), (0x0640, ""), (0x200C, ""))
_FREQUENT_CHARS = tuple((chr(cp), rep) for cp, rep in _FREQUENT)
_RARE_RE = re.compile(  # everything else in _FOLD, as ranges (a long list of singles is slow)
    "["
    + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _DELETED)
    + "\u0660-\u0669\u06f0-\u06f9"
    + "]"
)
_HEH_FORMS = (("\ufee9", _HEH_E), ("\ufeea", _HEH_E), ("\ufeeb", _HEH_H), ("\ufeec", _HEH_H))


_ACCENT_BLOCKS = ((0x00C0, 0x024F), (0x0370, 0x04FF), (0x1E00, 0x1FFF))  # Latin, Greek, Cyrillic


def _accent_map() -> dict[str, str]:
    """Precomposed letters of `_ACCENT_BLOCKS` -> the same letters without diacritics."""
    out: dict[str, str] = {}
    for first, last in _ACCENT_BLOCKS:
        for cp in range(first, last + 1):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFD", ch)
            base = "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F)
            if base and base != ch:
                out[ch] = base
    return out


_ACCENTS = _accent_map()
_ACCENT_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _ACCENT_BLOCKS) + "]")


def _strip_accent(match: re.Match[str]) -> str:
    """re.sub callback: the matched letter without its diacritics."""
    ch = match.group()
    return _ACCENTS.get(ch, ch)


def normalize(text: str) -> str:
    """Fold `text` for matching: compatibility forms, Arabic letter variants, marks, case.

    See the module docstring for every decision. Idempotent: normalize(normalize(t)) ==
    normalize(t). The result is NFKD + folds + NFC, computed so that the common cases stay
    fast (ASCII is only lower-cased; accents are stripped from precomposed letters directly;
    NFC runs only where something is left to compose, e.g. hangul).
    """
    if text.isascii():
        return text.lower()
    for form, letter in _HEH_FORMS:  # by position, before NFKD folds all four into U+0647
        if form in text:
            text = text.replace(form, letter)
    if _ACCENT_RE.search(text):  # é -> e before NFKD, which would split it into e + U+0301
        text = _ACCENT_RE.sub(_strip_accent, text)
    text = unicodedata.normalize("NFKD", text).casefold()
    for char, replacement in _FREQUENT_CHARS:
        if char in text:
            text = text.replace(char, replacement)
    if _RARE_RE.search(text):  # remaining combining diacritics, harakat, controls, digits
        text = text.translate(_FOLD)
    if "\u064a\u0654" in text:  # yeh (any kind, folded above) + hamza above -> ئ
        text = text.replace("\u064a\u0654", "\u0626")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# --- Tokenization -----------------------------------------------------------------------------

# Han ideographs (regex class body): iteration mark, ideographic/Hangzhou numerals, extension A,
# unified ideographs, compatibility ideographs, and planes 2-3 (extensions B-H).
_HAN = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)


def _mark_class() -> str:
    """A regex character-class body of the combining marks (Mn, Mc, Me) of the BMP.

    (Marks beyond the BMP belong to historic scripts; leaving them out keeps the class a
    fast bitmap in `re`.)
    """
    ranges: list[list[int]] = []
    category = unicodedata.category
    for cp in range(0x300, 0x10000):
        if category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


_MARKS = _mark_class()
_WORD = rf"[^\W_{_HAN}]+(?:[{_MARKS}]+[^\W_{_HAN}]*)*"  # letters/digits, marks inside or after
_HAN_RUN = rf"[{_HAN}]+(?:\s+[{_HAN}]+)*"  # ideographs, possibly split by whitespace
_WORD_RE = re.compile(_WORD)
_HAN_RE = re.compile(rf"[{_HAN}]")
_TOKEN_RE = re.compile(rf"({_HAN_RUN})|({_WORD})")  # group 1: Han run, group 2: word
# A character with what normalize() may fold into it: marks, tatweel, ZW(N)J, variation selectors.
_CONTINUE = rf"{_MARKS}\u0640\u200b-\u200d\U000e0100-\U000e01ef"
_CLUSTER_RE = re.compile(rf".[{_CONTINUE}]*", re.DOTALL)
# Characters that normalize() leaves as they are (ASCII only lower-cased), one by one, when
# nothing of _CONTINUE follows: ASCII, common ideographs, Arabic-script letters that are not folded.
_SAFE_RUN_RE = re.compile(
    r"(?:[\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff\u0621\u0623\u0624\u0626-\u063a\u0641-\u0646"
    r"\u0648\u064a\u067e\u0686\u0698\u06ad\u06af\u06be\u06c6-\u06c8\u06cb\u06d0\u06d5]"
    rf"(?![{_CONTINUE}]))+"
)

_pair = operator.add


def _han_tokens(run: str) -> list[str]:
    """Main-stream tokens of a Han run without whitespace: bigrams, or the lone unigram."""
    if len(run) == 1:
        return [run]
    return list(map(_pair, run[:-1], run[1:]))


def _gram_windows(length: int) -> Iterator[tuple[int, int]]:
    """(start, end) of every 3- and 4-ideograph sequence in a run of `length` ideographs."""
    for size in GRAM_SIZES:
        for start in range(length - size + 1):
            yield start, start + size


def _grams(run: str) -> list[str]:
    """Chars-stream tokens of a Han run: each ideograph, then each 3- and 4-ideograph sequence."""
    return [*run, *(run[start:end] for start, end in _gram_windows(len(run)))]


def _cut(tokens: list[str]) -> list[str]:
    """`tokens` with words longer than `MAX_TOKEN_CHARS` cut to that length."""
    if tokens and max(map(len, tokens)) > MAX_TOKEN_CHARS:
        return [t[:MAX_TOKEN_CHARS] for t in tokens]
    return tokens


def _analyze(norm: str) -> tuple[list[str], list[str]]:
    """Main and chars streams of already normalised text."""
    if not _HAN_RE.search(norm):
        return _cut(_WORD_RE.findall(norm)), []
    main: list[str] = []
    chars: list[str] = []
    for han, word in _TOKEN_RE.findall(norm):
        if word:
            main.append(word if len(word) <= MAX_TOKEN_CHARS else word[:MAX_TOKEN_CHARS])
        else:
            run = "".join(han.split())
            main.extend(_han_tokens(run))
            chars.extend(_grams(run))
    return main, chars


def index_streams(text: str, key: bytes | None = None) -> tuple[list[str], list[str]]:
    """Analyse `text` for indexing: (main stream, chars stream); personal numbers become keyed-hash tokens.

    >>> index_streams("陈全国 said: ID 2024", b"k")
    (['陈全', '全国', 'said', 'id', '2024'], ['陈', '全', '国', '陈全国'])
    """
    text, _replaced = personal.substituted(text, personal.index_key() if key is None else key)
    return _analyze(normalize(text))


def fts5_columns(text: str, key: bytes | None = None) -> tuple[str, str, str]:
    """The (body, chars, names) values to store in the FTS5 table for `text`."""
    from adalet.archive.search.derived import index_tokens

    main, chars = index_streams(text, key)
    return " ".join(main), " ".join(chars), " ".join(index_tokens(text))


@functools.lru_cache(maxsize=8192)
def _normalize_cluster(cluster: str) -> str:
    """`normalize()` of one character with its marks (cached: passages repeat characters)."""
    return normalize(cluster)


class _FoldedChars(dict[int, str]):
    """ord(ch) -> normalize(ch), filled as characters are first met: a table for str.translate."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = normalize(chr(code))
        return folded


_FOLDED_CHARS = _FoldedChars()
_CONTINUE_RE = re.compile(rf"[{_CONTINUE}]")

Offsets = Sequence[int]


@functools.lru_cache(maxsize=256)
def _gram_pattern(gram: str) -> re.Pattern[str]:
    """Every occurrence of a gram of ideographs, whitespace allowed between them (a lookahead: overlapping too)."""
    return re.compile("(?=(" + r"\s*".join(map(re.escape, gram)) + "))")


def _normalised_with_offsets(text: str) -> tuple[str, Offsets, Offsets]:
    """`text` normalised cluster by cluster, with, for each normalised character, the [start, end) it comes from.

    Most text has no combining mark, tatweel, joiner or variation selector, and each of its characters folds to
    exactly one: then every character is its own cluster, one str.translate folds them all, and the offsets are
    the identity (ranges, not lists). Otherwise (or when a character folds to none or several), cluster by cluster.
    """
    if _CONTINUE_RE.search(text) is None:
        norm = text.translate(_FOLDED_CHARS)
        if len(norm) == len(text):
            return norm, range(len(text)), range(1, len(text) + 1)
    return _normalised_by_clusters(text)


def _normalised_by_clusters(text: str) -> tuple[str, Offsets, Offsets]:
    pieces: list[str] = []
    starts: list[int] = []  # for each normalised character: where it comes from in `text`
    ends: list[int] = []
    pos = 0
    for run in _SAFE_RUN_RE.finditer(text):  # runs that normalise char by char to themselves
        for m in _CLUSTER_RE.finditer(text, pos, run.start()):
            for ch in _normalize_cluster(m.group()):
                pieces.append(ch)
                starts.append(m.start())
                ends.append(m.end())
        pieces.append(run.group().lower())
        starts.extend(range(run.start(), run.end()))
        ends.extend(range(run.start() + 1, run.end() + 1))
        pos = run.end()
    for m in _CLUSTER_RE.finditer(text, pos):
        for ch in _normalize_cluster(m.group()):
            pieces.append(ch)
            starts.append(m.start())
            ends.append(m.end())
    return "".join(pieces), starts, ends


def index_spans(
    text: str, *, main: bool = True, grams: Collection[str] | None = None
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """Like `index_streams`, but every token comes with its (start, end) in the ORIGINAL text.

    Normalises cluster by cluster (a character with its combining marks) to keep the offsets,
    which gives the same tokens as `index_streams` for all but exotic input (e.g. hangul
    jamo sequences); character by character where there are no marks (the usual case).
    Slower; meant for highlighting one passage, not for indexing.

    A snippet needs less: without `main` the main stream is left empty, and with `grams` the
    chars stream holds only the occurrences of those tokens (ideographs, 3- and 4-ideograph
    sequences), found in each Han run with str.find instead of listing all its grams (in
    position order per token, not overall).

    Personal numbers become their index tokens here too, each spanning the number in `text`.
    """
    replaced_text, replaced = personal.substituted(text, personal.index_key())
    if not replaced:
        return _index_spans(text, main, grams)
    body, chars = _index_spans(replaced_text, main, grams)
    back = _offsets_back(replaced)
    return [(t, back(a, False), back(b, True)) for t, a, b in body], [(t, back(a, False), back(b, True)) for t, a, b in chars]


def _offsets_back(replaced: list[tuple[int, int, int, int]]) -> Callable[[int, bool], int]:
    """Maps an offset in the text with tokens back to the original text (a token's offsets to its number's)."""

    def back(offset: int, is_end: bool) -> int:
        delta = 0
        for new_start, new_end, old_start, old_end in replaced:
            if offset < new_start:
                return offset + delta
            if offset <= new_end:
                return old_end if is_end else old_start
            delta = old_end - (new_end + 1)  # the space after the token stands where the number ended
        return offset + delta

    return back


def _index_spans(
    text: str, main: bool, grams: Collection[str] | None
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    norm, starts, ends = _normalised_with_offsets(text)
    if not main and grams is not None:
        # The grams are ideographs: wherever their characters follow one another, with nothing or only whitespace
        # between them, they are in one Han run, so they are found in the normalised text itself (overlapping
        # occurrences too) without walking its tokens.
        found: list[tuple[str, int, int]] = []
        for gram in grams:
            for m in _gram_pattern(gram).finditer(norm):
                found.append((gram, starts[m.start(1)], ends[m.end(1) - 1]))
        return [], found
    body: list[tuple[str, int, int]] = []
    chars: list[tuple[str, int, int]] = []
    for m in _TOKEN_RE.finditer(norm):
        if m.group(2):
            if main:
                token = m.group(2)[:MAX_TOKEN_CHARS]
                body.append((token, starts[m.start()], ends[m.start() + len(token) - 1]))
            continue
        # The run's ideographs (whitespace inside a Han run is skipped, as by _han_tokens and _grams), with the
        # offsets in `text` of each: every token is a slice of `run`.
        run = m.group(1)
        begin: Offsets
        finish: Offsets
        if any(map(str.isspace, run)):
            idx = [i for i in range(m.start(), m.end()) if not norm[i].isspace()]
            run = "".join(norm[i] for i in idx)
            begin, finish = [starts[i] for i in idx], [ends[i] for i in idx]
        else:
            begin, finish = starts[m.start() : m.end()], ends[m.start() : m.end()]
        if main:
            if len(run) == 1:
                body.append((run, begin[0], finish[0]))
            body.extend([(run[k : k + 2], begin[k], finish[k + 1]) for k in range(len(run) - 1)])
        if grams is None:
            chars.extend(zip(run, begin, finish))
            chars.extend([(run[a:b], begin[a], finish[b - 1]) for a, b in _gram_windows(len(run))])
            continue
        for gram in grams:
            k = run.find(gram)
            while k != -1:
                chars.append((gram, begin[k], finish[k + len(gram) - 1]))
                k = run.find(gram, k + 1)
    return body, chars


# --- Queries ----------------------------------------------------------------------------------

_TYPED_TOKEN = re.compile(rf"(?<![0-9a-z]){personal.TOKEN_PREFIX}[0-9a-f]{{{personal.TOKEN_HEX}}}(?![0-9a-z])", re.I)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\uff02": '"'})


@dataclass(frozen=True)
class Term:
    """One required term: a token, or a phrase of consecutive tokens, on one stream; or else one of `alts` on the
    names stream (any form, each of whose parts has one of its keys there: derived.py), derived from `typed`."""

    tokens: tuple[str, ...]
    stream: Stream = BODY
    alts: Alternatives = ()
    typed: str = field(default="", compare=False)

    @property
    def is_phrase(self) -> bool:
        """True when the term is several consecutive tokens."""
        return len(self.tokens) > 1

    def fts5(self) -> str:
        """This term as an FTS5 column-filtered phrase, every token double-quoted (or its alternatives)."""
        quoted = " + ".join(_fts5_quote(t) for t in self.tokens)
        own = f"{self.stream} : ({quoted})" if self.is_phrase else f"{self.stream} : {quoted}"
        if not self.alts:
            return own
        forms = [
            "(" + " AND ".join("(" + " OR ".join(f"{NAMES} : {_fts5_quote(k)}" for k in part) + ")" for part in form) + ")"
            for form in self.alts
        ]
        return "(" + " OR ".join([own, *forms]) + ")"

    def pg(self) -> str:
        """This term as tsquery syntax: a lexeme, or lexemes joined by <-> (or its alternatives)."""
        prefix = CHARS_PREFIX if self.stream == CHARS else ""
        lexemes = [_pg_quote(prefix + t) for t in self.tokens]
        own = f"({' <-> '.join(lexemes)})" if self.is_phrase else lexemes[0]
        if not self.alts:
            return own
        forms = [
            "(" + " & ".join("(" + " | ".join(_pg_quote(NAMES_PREFIX + k) for k in part) + ")" for part in form) + ")"
            for form in self.alts
        ]
        return "(" + " | ".join([own, *forms]) + ")"


def _fts5_quote(token: str) -> str:
    """An FTS5 string: double quotes around, inner double quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def _pg_quote(lexeme: str) -> str:
    """A tsvector/tsquery literal lexeme: single quotes around, ' and \\ escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class Query:
    """A parsed search: all `terms` must match, one term of each group of `any_of` (OR), none of `excluded` (-minus).
    An empty Query (no term to look for, `excluded` or not) matches nothing.

    `withheld` counts the personal numbers the query held that the asker may not search for (left out); `problems`
    names what of the input could not be read (syntax.Problem: an unclosed quote, a dangling OR, exclusions only).
    """

    terms: tuple[Term, ...] = ()
    withheld: int = 0
    any_of: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    problems: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return not self.is_empty

    @property
    def is_empty(self) -> bool:
        """True when the query has no term to look for: callers should return no results."""
        return not self.terms and not self.any_of

    def marked(self) -> Query:
        """The terms a snippet marks, all as required terms: those of every group too, never the excluded."""
        return Query(self.terms + tuple(t for group in self.any_of for t in group if t not in self.terms))

    def fts5_match(self) -> str:
        """The FTS5 MATCH expression (bind it as a parameter: ``WHERE t MATCH ?``).

        For an empty query this is ``""``, which is valid and matches nothing.
        """
        if self.is_empty:
            return '""'
        clauses = [term.fts5() for term in self.terms]
        clauses += ["(" + " OR ".join(term.fts5() for term in group) + ")" for group in self.any_of]
        expression = " AND ".join(clauses)
        for term in self.excluded:  # FTS5's NOT is binary: what the left side matches without the right
            expression = f"({expression}) NOT {term.fts5()}"
        return expression

    def pg_tsquery(self) -> str:
        """The tsquery literal (bind it as a parameter: ``col @@ %s::tsquery``).

        For an empty query this is ``''``, which matches nothing (PostgreSQL logs a NOTICE).
        """
        if self.is_empty:
            return ""
        clauses = [term.pg() for term in self.terms]
        clauses += ["(" + " | ".join(term.pg() for term in group) + ")" for group in self.any_of]
        clauses += [f"!{term.pg()}" for term in self.excluded]
        return " & ".join(clauses)

    def matches(self, text: str) -> bool:
        """Whether `text` alone (a row of a sheet) matches, as the engines decide on an indexed passage."""
        if self.is_empty:
            return False
        main, chars = index_streams(text)
        found = _Found(text, main, set(main), set(chars))
        return (
            all(map(found.holds, self.terms))
            and all(any(map(found.holds, group)) for group in self.any_of)
            and not any(map(found.holds, self.excluded))
        )


@dataclass
class _Found:
    """A text's tokens, for matching a query in Python (Query.matches); its names-stream tokens only when a term
    needs them (they cost several times the rest)."""

    text: str
    main: list[str]
    words: set[str]
    chars: set[str]
    names: set[str] | None = None

    def holds(self, term: Term) -> bool:
        if term.stream == CHARS:
            own = term.tokens[0] in self.chars
        elif not term.is_phrase:
            own = term.tokens[0] in self.words
        else:
            n = len(term.tokens)
            own = any(tuple(self.main[i : i + n]) == term.tokens for i in range(len(self.main) - n + 1))
        if own or not term.alts:
            return own
        if self.names is None:
            from adalet.archive.search.derived import index_tokens

            self.names = set(index_tokens(self.text))
        return any(all(any(key in self.names for key in part) for part in form) for form in term.alts)


def _term(tokens: Sequence[str], typed: str = "", names: bool = False) -> Term | None:
    """The Term for the tokens of one query word or phrase (None if there are none); with `names`, and its
    alternatives derived from the word as `typed` (derived.py)."""
    if not tokens:
        return None
    alts: Alternatives = ()
    if names and typed:
        from adalet.archive.search.derived import query_alternatives

        alts = query_alternatives(typed)
    if len(tokens) == 1 and _HAN_RE.fullmatch(tokens[0]):  # one ideograph: the chars stream
        return Term((tokens[0],), CHARS, alts, typed)
    run = _han_run_of_bigrams(tokens)
    if run is not None and len(run) in GRAM_SIZES:  # a 3- or 4-ideograph word: one gram
        return Term((run,), CHARS, alts, typed)
    return Term(tuple(tokens[:MAX_PHRASE_TOKENS]), BODY, alts, typed)


def is_han_bigram(token: str) -> bool:
    """Two ideographs: a main-stream token of a Han run."""
    return len(token) == 2 and bool(_HAN_RE.match(token[0])) and bool(_HAN_RE.match(token[1]))


def _han_run_of_bigrams(tokens: Sequence[str]) -> str | None:
    """The Han run whose overlapping bigrams `tokens` are, or None if they are anything else."""
    if not all(map(is_han_bigram, tokens)):
        return None
    if any(a[1] != b[0] for a, b in zip(tokens, tokens[1:])):
        return None
    return tokens[0] + "".join(t[1] for t in tokens[1:])


def _query_clauses(lexed: Lexed, names: bool) -> Iterable[tuple[list[Term | None], bool]]:
    """Each clause of a lexed query as (its alternatives' terms, excluded), in order; a term may be None (nothing
    in it to search for). Each word or quoted phrase is normalised apart, and read for derived forms as typed."""
    clauses: list[tuple[list[Term | None], bool]] = []
    for word in _place_words(lexed.words, names):
        if word.quoted:  # one phrase, Han runs joined across whitespace as in indexing; exactly as typed
            term = _term(_analyze(normalize(word.text))[0], word.text)
        else:
            term = _term(_analyze(normalize(word.text))[0], word.text, names)
        if word.either and clauses:
            clauses[-1][0].append(term)
        else:
            clauses.append(([term], word.excluded))
    return clauses


def _place_words(words: list[Word], names: bool) -> list[Word]:
    """`words` with a place and the word saying what kind of place it is as one ("Tekes County")."""
    out: list[Word] = []
    for word in words:
        prev = out[-1] if out else None
        if (prev is not None and not prev.quoted and not word.quoted and not word.excluded and not word.either
                and len(_words(f"{prev.text} {word.text}", names)) == 1):
            out[-1] = Word(f"{prev.text} {word.text}", excluded=prev.excluded, either=prev.either)
        else:
            out.append(word)
    return out


def _words(segment: str, names: bool) -> list[str]:
    """The whitespace-separated words of `segment`, a place and the word saying what kind of place it is as one
    ("Tekes County", "تېكەس ناھىيىسى": derived.is_place_word)."""
    words = segment.split()
    if not names or len(words) < 2:
        return words
    from adalet.archive.search.derived import is_place_word

    out: list[str] = []
    for word in words:
        if out and not any(ch.isdigit() for ch in out[-1] + word) and is_place_word(out[-1], word):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


PersonalNumbers = Literal["hash", "withhold"]


def parse_query(q: str, *, personal_numbers: PersonalNumbers = "withhold", names: bool = True) -> Query:
    """Parse a user's search string; never raises. See the module docstring for the syntax.

    Personal numbers in the query (`adalet.lib.personal`) become their index tokens with
    ``personal_numbers="hash"``, for those who may see them; by default they are left out and
    counted in `Query.withheld`, so that search never tells anyone else whether a number is there.
    With `names` (the default) every term may also match the derived forms of names and places (derived.py).

    >>> [(t.stream, t.tokens) for t in parse_query('陈全国 疆 "Detention centre"').terms]
    [('chars', ('陈全国',)), ('chars', ('疆',)), ('body', ('detention', 'centre'))]
    """
    if not isinstance(q, str):
        return Query()
    q = q[:MAX_QUERY_CHARS].translate(_QUOTES)
    if personal_numbers != "hash":  # a token typed in is not asked for (its digits would pass for a number)
        q = _TYPED_TOKEN.sub(" ", q)
    found = personal.find(q)
    if found and personal_numbers == "hash":
        q, _replaced = personal.substituted(q, personal.index_key())
    elif found:
        q = "".join(q[a:b] for a, b in zip([0, *(f.end for f in found)], [*(f.start for f in found), len(q)], strict=True))
    lexed = lex(q)
    terms: list[Term] = []
    any_of: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    count = 0
    for clause, is_excluded in _query_clauses(lexed, names):
        kept: list[Term] = []
        for term in clause:
            if term is None or term in kept:
                continue
            if personal_numbers != "hash" and any(map(personal.is_token, term.tokens)):
                continue  # nobody types a token: only the index holds them, for those who may ask
            kept.append(term)
        kept = kept[: max(0, MAX_TERMS - count)]
        if is_excluded:
            excluded += [t for t in kept if t not in excluded]
        elif len(kept) == 1 and kept[0] not in terms:
            terms.append(kept[0])
        elif len(kept) > 1 and tuple(kept) not in any_of:
            any_of.append(tuple(kept))
        count += len(kept)
        if count >= MAX_TERMS:
            break
    if excluded and not terms and not any_of:
        lexed.problem("only-excluded")
    return Query(tuple(terms), withheld=len(found) if personal_numbers != "hash" else 0, any_of=tuple(any_of),
                 excluded=tuple(excluded), problems=tuple(lexed.problems))


# --- PostgreSQL document side -----------------------------------------------------------------


def tsvector_literal(main: Sequence[str], chars: Iterable[str], names: Iterable[str] = ()) -> str:
    """The tsvector literal of one passage (bind it as a parameter: ``%s::tsvector``).

    Main-stream tokens get positions 1, 2, ...; chars-stream tokens get the `CHARS_PREFIX`, names-stream
    tokens the `NAMES_PREFIX`, and no positions. Raises `PassageTooLong` if the passage has more than `PG_MAX_POSITION` main
    tokens (PostgreSQL would silently clamp positions and break phrases) or more than 1 MB of
    lexemes; index passages of at most ~4,000 characters.
    """
    if len(main) > PG_MAX_POSITION:
        raise PassageTooLong(
            f"passage has {len(main)} tokens; PostgreSQL positions stop at {PG_MAX_POSITION}"
        )
    positions: dict[str, list[int]] = {}
    for pos, token in enumerate(main, 1):
        found = positions.get(token)
        if found is None:
            positions[token] = [pos]
        else:
            found.append(pos)
    lexemes = set(positions)
    lexemes.update(CHARS_PREFIX + c for c in chars)
    lexemes.update(NAMES_PREFIX + n for n in names)
    size = sum(len(lexeme.encode()) for lexeme in lexemes)
    if size > PG_MAX_TSVECTOR_BYTES:
        raise PassageTooLong(f"passage has {size} bytes of lexemes; a tsvector holds at most 1 MB")
    parts = [f"{_pg_quote(token)}:{','.join(map(str, pos))}" for token, pos in positions.items()]
    parts.extend(_pg_quote(lexeme) for lexeme in sorted(lexemes - positions.keys()))
    return " ".join(parts)

