"""Personal numbers in text: one detector for every place that shows, indexes or decides on them.

It finds, in any spelling a real file or an attacker uses:

* resident ID numbers (18 characters: a region code, a birth date, a sequence, a check digit or X), with spaces,
  hyphens, minus signs, dots, slashes, underscores, commas, colons, bars or line breaks inside (up to six in a row),
  or written out in Chinese numerals (六五三一二一...), format characters (zero-width, bidi) and
  combining marks anywhere, in fullwidth, Arabic-Indic, superscript or any other script's digits, and with letters
  right after them;
* any other run of `MIN_RUN` or more digits written without separators (phone and card numbers, first-generation
  15-digit IDs, the rest of an ID cut or spelled in a way the first rule does not read), and mobile numbers and
  first-generation IDs however they are grouped;
* house addresses written in Chinese: what is below the county (township, village, group, house number, or street
  and number), when it comes down to a numbered house, group or building (`find_addresses`; a village named in a
  speech is a place, not an address). Masks hide them; the index keeps them (they are place names too).

Text is folded character by character as search analysis folds it (compatibility forms to their digit, every
script's decimal digits to ASCII, format characters and marks dropped), into a string of the same length, so what is
found has its span in the original text: it can be masked there (`mask`, `window`), or replaced in the search index
by a keyed hash (`token`) that only viewers who may see ID numbers can ask for.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import hmac
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Literal

from adalet.lib import keys

__all__ = [
    "BULLET", "Found", "find", "folded", "hide_cut_numbers", "index_key", "is_token", "mask", "substituted", "token",
    "window",
]

MIN_RUN = 10  # digits in a row (no separators) that are treated as a personal number
BULLET = "•"
TOKEN_PREFIX = "zzpn"  # index tokens of personal numbers: ASCII letters and hex digits (FTS5's ascii tokenizer)
TOKEN_HEX = 24
ID_MASK = 12  # bullets in place of an ID's birth date, sequence and check digit

Kind = Literal["id", "digits", "address"]
ADDRESS_MASK = 6


@dataclass(frozen=True)
class Found:
    """A personal number: its kind, its span in the original text, and its canonical spelling (ASCII, lower case)."""

    kind: Kind
    start: int
    end: int
    canonical: str
    keep: int  # the original text is shown up to here (an ID's region code); from here to `end` it is masked


# --- Folding (same length as the original) ------------------------------------------------------

DROPPED = "\x00"  # a character the fold drops (format characters, marks): allowed anywhere inside a number
OTHER = "?"
_ASCII_SEPARATORS = " \t\r\n.-/_,:|"
# minus sign, hyphen bullet, middle dots, dot operator, fullwidth . / , : |, ideographic comma
_OTHER_SEPARATORS = "\u2212\u2043\u00b7\u30fb\u2027\u22c5\uff0e\uff0f\uff0c\uff1a\uff5c\u3001"
_HAN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
               "九": "9"}  # an ID written out in Chinese numerals, digit by digit
_PLANES = ((0, 0x20000), (0xE0000, 0xE1000))  # the BMP, plane 1 (mathematical digits), plane 14 (tags, selectors)


def _fold_of(ch: str) -> str | None:
    """What the fold makes of one character, or None to leave it as it is (it is no digit, x, separator or format)."""
    if ch in _HAN_DIGITS:
        return _HAN_DIGITS[ch]
    category = unicodedata.category(ch)
    if category == "Cf" or category[0] == "M" or ch in "\u00ad\u0640":  # format chars, marks, soft hyphen, tatweel
        return DROPPED
    if ch.isascii():
        if ch.isdigit():
            return None
        if ch in "xX":
            return "x"
        if ch in _ASCII_SEPARATORS:
            return " "
        return OTHER if ch == DROPPED else None
    compatible = unicodedata.normalize("NFKC", ch)
    if len(compatible) == 1:
        value = unicodedata.decimal(compatible, None)
        if value is not None:
            return str(value)
        if compatible in "xX":
            return "x"
    if category in ("Zs", "Zl", "Zp", "Pd") or ch in _OTHER_SEPARATORS:
        return " "
    return OTHER if ch in "0123456789x \x00" else None


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for first, last in _PLANES:
        for cp in range(first, last):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            folded = _fold_of(chr(cp))
            if folded is not None and folded != chr(cp):
                table[cp] = folded
    return table


@functools.cache
def _table() -> dict[int, str]:
    """The fold's table, made on first use (0.2 s: not at every process's start)."""
    return _fold_table()


def folded(text: str) -> str:
    """`text` folded for detection, character for character (same length): digits ASCII, x, ' ', DROPPED."""
    return text.translate(_table())


# --- Detection --------------------------------------------------------------------------------

_GAP = r"\x00*(?: \x00*){0,6}"  # between two digits of one number: up to six separators (table exports), dropped anywhere
_NUMBER = re.compile(rf"[0-9](?:{_GAP}[0-9])*(?:{_GAP}x)?")


def _char_class(chars: list[int]) -> str:
    """A regex character-class body for these code points, as ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(chars):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


@functools.cache
def _may_hold() -> re.Pattern[str]:
    """A cheap test on the original text: MIN_RUN digits with nothing but non-word characters between them (a
    superset of `_NUMBER`'s separators and dropped characters; tatweel is a letter to regex), or it holds no personal
    number. Digits include what the fold makes digits that regex's \\d does not match (superscripts, circled...)."""
    others = _char_class([cp for cp, f in _table().items() if f.isdigit() and not re.match(r"\d", chr(cp))])
    return re.compile(rf"[\d{others}](?:[\W_\u0640]*[\d{others}]){{{MIN_RUN - 1}}}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # a mobile number, however it is grouped
_OLD_ID = re.compile(r"[1-8][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}")  # 15 digits, before 1999
_ID_AT = re.compile(r"[1-8][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9x]")


def find(text: str) -> list[Found]:
    """Every personal number in `text`, in order, not overlapping."""
    if not _may_hold().search(text):
        return []
    fold = folded(text)
    found: list[Found] = []
    for number in _NUMBER.finditer(fold):
        if number.end() - number.start() >= MIN_RUN:  # fewer written characters cannot hold MIN_RUN digits
            found += _in_number(number.start(), number.group())
    return found


def _in_number(offset: int, written: str) -> list[Found]:
    """The IDs and long runs in one written number (`written`: folded text from original offset `offset`).

    Read left to right: an ID is taken where one starts at the number's start, after a separator or right after
    another ID; otherwise digits written together form a run (a personal number from `MIN_RUN` digits on), so an
    ID-shaped tail of a longer run (a card number) is not mistaken for an ID with the run's head left showing.
    """
    places = [offset + i for i, c in enumerate(written) if c not in " \x00"]  # original offsets of its digits (and x)
    compact = "".join(c for c in written if c not in " \x00")
    found: list[Found] = []
    k, n = 0, len(compact)
    while k < n:
        match = _ID_AT.match(compact, k)
        if match and (k == 0 or found and found[-1].end == places[k - 1] + 1 and found[-1].kind == "id"
                      or not _adjacent(written, places[k - 1] - offset, places[k] - offset)):
            found.append(Found("id", places[k], places[k + 17] + 1, compact[k : k + 18], places[k + 5] + 1))
            k += 18
            continue
        end = k
        while end + 1 < n and compact[end + 1] != "x" and _adjacent(written, places[end] - offset, places[end + 1] - offset):
            end += 1
        if compact[k] != "x" and end - k + 1 >= MIN_RUN:
            found.append(Found("digits", places[k], places[end] + 1, compact[k : end + 1], places[k]))
        k = end + 1
    if not found and (_MOBILE.fullmatch(compact) or _OLD_ID.fullmatch(compact)):  # written with separators
        found.append(Found("digits", places[0], places[-1] + 1, compact, places[0]))
    return found


def _adjacent(written: str, a: int, b: int) -> bool:
    """Whether two digits of a number are written without a separator between them (dropped characters allowed)."""
    return " " not in written[a + 1 : b]


# --- Addresses --------------------------------------------------------------------------------

_SUFFIXES = "县市区州省旗盟乡镇村组号路街巷"  # a place's name holds none of these (they end names)


def _han_except(excluded: str) -> str:
    """A character-class body: the common ideographs but `excluded` (a plain class: fast, unlike a lookahead)."""
    return _char_class([cp for cp in range(0x4E00, 0xA000) if chr(cp) not in excluded])


_NAME = rf"[{_han_except(_SUFFIXES)}]{{1,10}}"
_N = r"[0-9０-９一二三四五六七八九十百零]+"
_UNIT = rf"\s{{0,2}}第?{_N}(?:组|小组|队|小队|巷|号院|号楼|号|栋|幢|楼|单元|户|室)"
_VILLAGE = r"(?:村|社区|居委会|大队)"
_NAMED = rf"\s{{0,2}}(?:{_NAME}|{_N})"  # a village may be named or numbered (铁日木乡2村), spaced from its township
_ADDRESS = re.compile(
    rf"{_NAME}(?:"
    rf"(?:乡|镇|街道办事处|街道)(?:(?:{_NAMED}{_VILLAGE})?(?:{_UNIT})+|{_NAMED}{_VILLAGE})"  # township, village or units
    rf"|{_VILLAGE}(?:{_UNIT})+"  # village and units
    rf"|(?:路|街|大道|大街|巷){_N}号(?:{_UNIT})*"  # street and number
    r")"
)
# Where an address can end: a village-level unit, or a numbered group, house or building. The address pattern is
# tried only near these.
_ADDRESS_ANCHOR = re.compile(r"村|社区|居委会|大队|[0-9０-９一二三四五六七八九十百零](?:组|小组|队|巷|号|栋|幢|楼|单元|户|室)")
_BEFORE, _AFTER = 40, 60  # enough for a township and a village before the anchor, a chain of units after


# Traditional forms of the address words, folded character for character (the text keeps its length).
_TRADITIONAL = str.maketrans("鄉鎮組號區縣樓戶單會隊棟", "乡镇组号区县楼户单会队栋")
# Uyghur house addresses, in Latin and Arabic script: up to three named places (town, township, village, quarter)
# before numbered units (N-guruppa, N-nomur).
_UY_NUMBER = r"[0-9٠-٩۰-۹]+\s*-\s*"
_ADDRESS_UYGHUR = re.compile(
    r"(?i)(?:[^\s,،]+\s+(?:baziri|yezisi|yéziliq|yeziliq|kenti|mehellisi|kochisi)[,،\s]+){0,3}"
    rf"{_UY_NUMBER}(?:guruppa|nomur|nomurluq)\b(?:[,،\s]+{_UY_NUMBER}(?:guruppa|nomur|nomurluq)\b)*"
    r"|(?:[^\s,،]+\s+(?:بازىرى|يېزىسى|كەنتى|مەھەللىسى|كوچىسى)[،,\s]+){0,3}"
    rf"{_UY_NUMBER}(?:گۇرۇپپا|نومۇر)(?:[،,\s]+{_UY_NUMBER}(?:گۇرۇپپا|نومۇر))*"
)
_UYGHUR_HINT = re.compile(r"(?i)guruppa|nomur|گۇرۇپپا|نومۇر")
# Whether an address can end anywhere in the text, in simplified or traditional characters (no fold needed to tell)
_ANY_ANCHOR = re.compile(r"村|社区|社區|居委会|居委會|大队|大隊|[0-9０-９一二三四五六七八九十百零](?:组|組|小组|小組|队|隊|巷|号|號|栋|棟|幢|楼|樓|单元|單元|户|戶|室)")


def find_addresses(text: str) -> list[Found]:
    """House addresses in `text`: the part below the county, which masks hide."""
    found = [Found("address", m.start(), m.end(), "", m.start()) for m in _ADDRESS_UYGHUR.finditer(text)] if (
        _UYGHUR_HINT.search(text)) else []
    if not _ANY_ANCHOR.search(text):
        return found
    text = text.translate(_TRADITIONAL)
    windows: list[list[int]] = []
    for anchor in _ADDRESS_ANCHOR.finditer(text):
        lo, hi = max(0, anchor.start() - _BEFORE), min(len(text), anchor.end() + _AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    spans: list[list[int]] = []
    for lo, hi in windows:
        for m in _ADDRESS.finditer(text, lo, hi):
            if spans and m.start() <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], m.end())
            else:
                spans.append([m.start(), m.end()])
    found += [Found("address", a, b, "", a) for a, b in spans if not _overlaps(found, a, b)]
    return sorted(found, key=lambda f: f.start)


def _sensitive(text: str) -> list[Found]:
    """Personal numbers and addresses, in order, an address overlapping a number left out (the number wins)."""
    numbers = find(text)
    addresses = [a for a in find_addresses(text) if not _overlaps(numbers, a.start, a.end)]
    return sorted(numbers + addresses, key=lambda f: f.start)


def _overlaps(spans: list[Found], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (in order and not overlapping each other, as `find` and the
    Uyghur address pattern give them): a binary search, not a scan, since a sheet's text holds thousands of each."""
    i = bisect.bisect_left(spans, end, key=lambda f: f.start)
    return i > 0 and spans[i - 1].end > start


def _mask_length(f: Found) -> int:
    return ID_MASK if f.kind == "id" else ADDRESS_MASK if f.kind == "address" else len(f.canonical)


# --- Masks ------------------------------------------------------------------------------------


def _redacted(text: str, found: list[Found]) -> str:
    pieces: list[str] = []
    at = 0
    for f in found:
        pieces += [text[at : f.keep], BULLET * _mask_length(f)]
        at = f.end
    pieces.append(text[at:])
    return "".join(pieces)


def mask(text: str) -> str:
    """`text` with every personal number and address masked: an ID keeps its region code (6 digits), anything else
    nothing."""
    return _mask_cached(text) if len(text) <= _CACHED_UP_TO else _mask(text)


_CACHED_UP_TO = 20_000  # a passage (~4,000 characters), a name, a locator: masked once per process, then remembered


@functools.lru_cache(maxsize=8192)
def _mask_cached(text: str) -> str:
    return _mask(text)


def _mask(text: str) -> str:
    found = _sensitive(text)
    return _redacted(text, found) if found else text


def window(text: str, start: int, end: int) -> str:
    """`text[start:end]`, masked as a piece of the whole: numbers are found in the whole text (an ID cut by the
    window is still an ID), and the digits of any number the window's edges cut through are hidden, whatever
    their count (the rest may be outside)."""
    start, end = max(0, start), min(len(text), end)
    found = _sensitive(text)
    if not found:
        return hide_cut_numbers(text, start, end)
    masked = _redacted(text, found)
    # offsets move where a number was masked: map the window onto the masked text
    return hide_cut_numbers(masked, _moved(start, found), _moved(end, found))


def _moved(offset: int, found: list[Found]) -> int:
    """Where `offset` of `text` is in `_redacted(text, found)` (inside a masked number: where its mask starts)."""
    delta = 0
    for f in found:
        if offset <= f.keep:
            break
        if offset < f.end:
            return f.keep + delta
        delta += _mask_length(f) - (f.end - f.keep)
    return offset + delta


def hide_cut_numbers(text: str, start: int, end: int) -> str:
    """`text[start:end]` (same length) with the digits of any number that an edge cuts through made bullets."""
    piece = text[start:end]
    if not piece:
        return piece
    chars = list(piece)
    for edge in (start, end):
        if 0 < edge < len(text):
            lo, hi = max(0, edge - 40), min(len(text), edge + 40)
            fold = folded(text[lo:hi])
            for number in _NUMBER.finditer(fold):
                if number.start() + lo < edge < number.end() + lo:
                    for i in range(max(number.start() + lo, start), min(number.end() + lo, end)):
                        if fold[i - lo] not in " \x00":
                            chars[i - start] = BULLET
    return "".join(chars)


# --- Index tokens -----------------------------------------------------------------------------


def token(canonical: str, key: bytes) -> str:
    """The index token of a personal number: a keyed hash, so that knowing the number is not enough to find it."""
    digest = hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()
    return TOKEN_PREFIX + digest[:TOKEN_HEX]


def index_key() -> bytes:
    """The key of the index tokens: ADALET_INDEX_KEY, or one derived from the site's SECRET_KEY (adalet.lib.keys).

    Changing it makes every token of the index stale: run `adalet reindex` after.
    """
    return keys.key_for("personal-number-index")


def substituted(text: str, key: bytes) -> tuple[str, list[tuple[int, int, int, int]]]:
    """`text` with each personal number replaced by its index token (spaces around), and the replacements made:
    (start, end) in the new text, (start, end) in `text`."""
    found = find(text)
    if not found:
        return text, []
    pieces: list[str] = []
    replaced: list[tuple[int, int, int, int]] = []
    at = length = 0
    for f in found:
        before = text[at : f.start]
        pieces.append(before)
        length += len(before)
        word = f" {token(f.canonical, key)} "
        replaced.append((length + 1, length + len(word) - 1, f.start, f.end))
        pieces.append(word)
        length += len(word)
        at = f.end
    pieces.append(text[at:])
    return "".join(pieces), replaced


def is_token(word: str) -> bool:
    """Whether a query word is spelled like an index token (nobody types one; only the index holds them)."""
    return word.startswith(TOKEN_PREFIX) and len(word) == len(TOKEN_PREFIX) + TOKEN_HEX


if __name__ == "__main__":  # pragma: no cover - a quick look: python -m adalet.lib.personal "text"
    for f in find(" ".join(sys.argv[1:])):
        print(f)
