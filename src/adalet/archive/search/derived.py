"""Derived forms of the names and places a passage records, indexed beside its text (issue 17, item 7).

A row in characters (帕提古丽·艾合买提江, 特克斯县) should be found by a query in any script the reader knows
(Patigul Ehmetjan, پاتىگۈل, Патигуль, Patiguli Aihemaitijiang, Tekes) and by the characters typed without the
middle dot (努尔依力哈木 for 努尔·依力哈木). So the passage's *mentions* are read here, and each gives tokens for a
third stream, `names` (an FTS5 column; lexemes with the prefix ``=`` on PostgreSQL):

* a **person's name**: a cell (text between tabs, line breaks or punctuation) of one to four words in Arabic
  script, Cyrillic or capitalised Latin, or of characters read as a Uyghur name transcribed into characters
  (`adalet.names.uyghur_han.looks_transcribed`: made of the transcription table's pieces); a dotted name in a cell or in running
  Chinese text (…主任买吐送·亚森同志…), its ends trimmed to the characters that transcribe Uyghur sounds
  (`TRANSCRIPTION_CHARS` and the table's). Its tokens are
  the folded keys (`adalet.names.forms.Part.keys`) of every part of every form `adalet.names.analyse` derives
  (Uyghur Latin, its pinyin-spelling variants, the ULY reading of Arabic script and of Cyrillic, pinyin,
  Wade-Giles), and its simplified characters without separators;
* a **county** of Xinjiang (`adalet.names.counties`): its Chinese name anywhere in Chinese text, or a cell
  naming it in any script; its token is one per county (``xjcounty`` and its latest region code), whatever
  script named it.

A query word gets the same treatment (`query_alternatives`): each term of the query matches its own tokens as
today, *or* the names stream: one of the word's forms (every part's keys: any spelling of each part), its
characters without separators, or its county. Nothing here ever reads digits: a cell with a digit is no name,
so personal numbers stay keyed tokens only (`adalet.lib.personal`).

`explain` finds, for one hit, which mentions of its (masked) text a query matched by derived form, for the
snippet's marks and the words of the hit ("matched 'Patigul Ehmetjan' as 帕提古丽·艾合买提江").

The keys follow `adalet.names` (its folding, its tables): a change there that changes keys needs
``adalet reindex``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from adalet.archive.search.analysis import _HEH_FORMS, Alternatives

if TYPE_CHECKING:
    from adalet.names.counties import County

__all__ = ["Alternatives", "Mention", "explain", "index_tokens", "mentions", "query_alternatives"]

MAX_CELL_CHARS = 40  # a longer cell is a sentence, an address: not a name
MAX_WORDS = 4
MAX_FORMS = 8  # of one query word
MAX_KEYS = 12  # of one part of a query word's form
COUNTY_TOKEN = "xjcounty"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DOTS = "·．・‧∙⋅."  # not •: personal.mask writes it
_CELL_RE = re.compile(r"[^\t\n\r,;:!?()\[\]{}<>|/\\\"，。、；：！？（）【】《》「」『』“”]+")
_HAN_NAME_RE = re.compile(rf"[{_HAN}]+(?:\s*[{_DOTS}]\s*[{_HAN}]+)*")
_DOTTED_RE = re.compile(rf"[{_HAN}]+(?:[{_DOTS}][{_HAN}]+)+")
_ONLY_HAN_RE = re.compile(rf"[{_HAN}{_DOTS}\s]+")
_DIGIT_OR_DOT_RE = re.compile(rf"[\d{_DOTS}]")  # a cell with a digit is no name; a dotted one is read by _dotted_in
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN_WORD_RE = re.compile(r"[A-ZÀ-ÞĀ-ſ][A-Za-zÀ-ɏ'’-]*")
_KEY_RE = re.compile(rf"[a-z0-9]+|[{_HAN}]+")
MAX_PIECE = 6  # characters of one dotted piece kept when trimming running text
# Characters Xinjiang's practice uses to write Uyghur (and Kazakh) sounds in names, beside those of the
# transcription table (adalet.names.uyghur_han): used only to find where a dotted name begins and ends in running
# text, never to read it.
TRANSCRIPTION_CHARS = frozenset(
    "阿艾爱安昂奥巴拜班邦包保贝本比别宾波博布卜部才查察柴昌朝车陈达代丹当道德的迪地帝蒂丁东都杜顿多朵"
    "厄恩尔尕法凡范方菲费芬夫弗伏福富盖甘刚高戈哥格根贡古瓜关哈海罕汗杭豪好合何和河赫黑亨洪虎胡花华"
    "怀欢环吉加佳贾坚江杰捷金京居君卡开凯坎康柯科克肯孔库夸宽匡奎坤拉腊来莱赖兰郎朗勒雷蕾冷黎里力"
    "立丽利莉连良林琳玲留柳龙娄鲁陆伦罗洛吕麻马玛买迈麦曼漫芒毛茂梅美门蒙孟米密敏明莫默木姆牧穆纳娜"
    "乃奈南楠尼妮娘宁牛努诺欧帕潘庞佩彭皮普齐其奇恰千乾强乔切钦琴青丘曲屈群热仁日荣肉如茹萨塞赛桑瑟"
    "色森沙莎山善尚舍申什石史士斯松送苏素孙索塔台太泰坦汤唐陶特提天铁亭通图土吐托娃瓦外万旺威维卫"
    "温文沃乌吾西希锡夏先贤香祥肖辛欣新兴休秀许旭轩雪亚雅娅燕扬尧耶叶伊依以义易英尤由玉裕元园约月云"
    "扎札泽则增张哲珍真正芝志智中朱珠祖孜兹佐左"
)


@dataclass(frozen=True)
class Mention:
    """A name or a county in a passage: where, as written, and the names-stream tokens it gives."""

    start: int
    end: int
    text: str
    tokens: frozenset[str]


# --- Passages -----------------------------------------------------------------------------------------------


def mentions(text: str) -> tuple[Mention, ...]:
    """Every name and county mentioned in `text`, in order (a cell may be both a name and a county)."""
    return _mentions(text) if len(text) <= 20_000 else tuple(_find_mentions(text))


@lru_cache(maxsize=2048)
def _mentions(text: str) -> tuple[Mention, ...]:
    return tuple(_find_mentions(text))


def _find_mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    for cell in _CELL_RE.finditer(text):
        raw = cell.group()
        if len(raw) > MAX_CELL_CHARS + 8 or _DIGIT_OR_DOT_RE.search(raw):  # numbers, sentences; dotted names below
            continue
        stripped = raw.strip()
        tokens = _cell_tokens(stripped) if stripped and len(stripped) <= MAX_CELL_CHARS else frozenset()
        if tokens:
            start = cell.start() + raw.index(stripped)
            found.append(Mention(start, start + len(stripped), stripped, tokens))
    found.extend(_dotted_in(text))
    found.extend(_counties_in(text))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def index_tokens(text: str) -> list[str]:
    """The names-stream tokens of a passage: those of every mention, each once, sorted."""
    if not text:
        return []
    tokens: set[str] = set()
    for mention in mentions(text):
        tokens |= mention.tokens
    return sorted(tokens)


@lru_cache(maxsize=65536)
def _cell_tokens(cell: str) -> frozenset[str]:
    """Tokens of one cell read as a name and as a county (empty when it is neither)."""
    tokens = set(_name_tokens(cell)) if _is_name_like(cell) else set()
    if not _ONLY_HAN_RE.fullmatch(cell):  # Chinese county names are found anywhere, by _counties_in
        tokens.update(_county_token(c) for c in _resolve(cell))
    return frozenset(tokens)


def _is_name_like(cell: str) -> bool:
    if _ONLY_HAN_RE.fullmatch(cell):
        return _is_han_name(cell)
    words = cell.split()
    if not 1 <= len(words) <= MAX_WORDS:
        return False
    if _ARABIC_RE.search(cell) or _CYRILLIC_RE.search(cell):
        return all(ch.isalpha() or ch in "-'’" or 0x0600 <= ord(ch) <= 0x06FF for ch in cell.replace(" ", ""))
    return all(_LATIN_WORD_RE.fullmatch(word) for word in words)


def _is_han_name(cell: str) -> bool:
    """Characters without a dot read as a transcribed Uyghur name made of the table's pieces (买买提江); dotted
    ones are found by _dotted_in. Stricter than the name matcher's own reading (`detect_script`, which also reads a
    name that only sounds transcribed): a matcher is given a name, while a cell may be any text (每周向县委汇报一次工作
    进展, 特克斯县拘留所), and a sentence read as a name would be indexed as one."""
    from adalet.names import uyghur_han

    return 3 <= len(cell) <= 16 and cell.isalpha() and uyghur_han.looks_transcribed(cell)


def _dotted_in(text: str) -> list[Mention]:
    """Dotted transcribed names in running Chinese text (…主任买吐送·亚森同志…), each end trimmed to what the
    transcription table reads."""
    found: list[Mention] = []
    for m in _DOTTED_RE.finditer(text):
        pieces = re.split(f"[{_DOTS}]", m.group())
        first, last = _table_suffix(pieces[0]), _table_prefix(pieces[-1])
        if not first or not last:
            continue
        a = m.start() + len(pieces[0]) - len(first)
        b = m.end() - len(pieces[-1]) + len(last)
        name = text[a:b]
        tokens = frozenset(_name_tokens(name))
        if tokens:
            found.append(Mention(a, b, name, tokens))
    return found


def _table_suffix(piece: str) -> str:
    """The end of `piece` written in transcription characters (at most MAX_PIECE; two at least)."""
    i = len(piece)
    while i > 0 and len(piece) - i < MAX_PIECE and piece[i - 1] in _transcribing():
        i -= 1
    return piece[i:] if len(piece) - i >= 2 else ""


def _table_prefix(piece: str) -> str:
    """The start of `piece` written in transcription characters (at most MAX_PIECE; one at least: 努尔·木)."""
    j = 0
    while j < len(piece) and j < MAX_PIECE and piece[j] in _transcribing():
        j += 1
    return piece[:j]


@cache
def _transcribing() -> frozenset[str]:
    from adalet.names import uyghur_han

    return TRANSCRIPTION_CHARS | frozenset("".join(uyghur_han.table()))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    """The folded keys of every part of every form of `name`, and its simplified characters without separators."""
    from adalet.names import analyse

    for form, letter in _HEH_FORMS:  # by position, as analysis.normalize reads them (a PDF's ﻫ is ھ, not ە)
        name = name.replace(form, letter)
    analysis = analyse(name)
    tokens = {key for form in analysis.forms for part in form.parts for key in part.keys if _KEY_RE.fullmatch(key)}
    if len(analysis.chars) >= 2:
        tokens.add(analysis.chars)
    return tuple(sorted(tokens))


# --- Counties -----------------------------------------------------------------------------------------------


def _county_token(county: County) -> str:
    return f"{COUNTY_TOKEN}{county.codes[-1]}"


@lru_cache(maxsize=16384)
def _resolve(typed: str) -> tuple[County, ...]:
    from adalet.names.counties import resolve

    return resolve(typed)


@cache
def _county_names() -> tuple[re.Pattern[str], dict[str, tuple[County, ...]]]:
    """A pattern of every county's Chinese names (疏附县; 巴里坤 for 巴里坤哈萨克自治县), longest first, and the
    counties each names."""
    from adalet.names.counties import counties

    named: dict[str, list[County]] = {}
    for county in counties():
        for name in {county.name, *(key for key in county.keys if re.fullmatch(f"[{_HAN}]{{2,}}", key))}:
            named.setdefault(name, []).append(county)
    pattern = re.compile("|".join(sorted(map(re.escape, named), key=len, reverse=True)))
    return pattern, {name: tuple(found) for name, found in named.items()}


def _counties_in(text: str) -> list[Mention]:
    if not re.search(f"[{_HAN}]", text):
        return []
    pattern, named = _county_names()
    return [
        Mention(m.start(), m.end(), m.group(), frozenset(_county_token(c) for c in named[m.group()]))
        for m in pattern.finditer(text)
    ]


# --- Queries ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def query_alternatives(word: str) -> Alternatives:
    """The names-stream alternatives of one query word or phrase as typed (not normalised: Uyghur ى and ي differ).

    () for a word with a digit or nothing to derive."""
    word = " ".join(word.split())
    if not word or any(ch.isdigit() for ch in word):
        return ()
    from adalet.names import NameKind, analyse

    analysis = analyse(word)
    alternatives: list[tuple[tuple[str, ...], ...]] = []

    def add(form: tuple[tuple[str, ...], ...]) -> None:
        if form and all(form) and form not in alternatives and len(alternatives) < MAX_FORMS:
            alternatives.append(form)

    han_only = bool(_ONLY_HAN_RE.fullmatch(word))
    if han_only and len(analysis.chars) >= 3:
        add(((analysis.chars,),))
    if not han_only or analysis.kind is NameKind.HAN_TRANSCRIBED or _is_han_name(word):
        for form in analysis.forms:
            add(tuple(tuple(k for k in part.keys if _KEY_RE.fullmatch(k))[:MAX_KEYS] for part in form.parts))
    places = set(_resolve(word))
    if not places and analysis.kind is NameKind.CYRILLIC:  # counties are known in Chinese, Uyghur and Latin
        places.update(*(_resolve(" ".join(part.text for part in form.parts)) for form in analysis.forms[:2]))
    for county in sorted(places, key=lambda c: c.codes[-1]):
        add(((_county_token(county),),))
    return tuple(alternatives)


def is_place_word(first: str, second: str) -> bool:
    """Whether `second` only says what kind of place `first` is ("Tekes County", "تېكەس ناھىيىسى"), so the two
    are one term."""
    return bool(_resolve(first)) and _resolve(f"{first} {second}") == _resolve(first)


def satisfies(tokens: frozenset[str], alternatives: Alternatives) -> bool:
    """Whether a mention's tokens hold one of the alternatives (every part)."""
    return any(all(any(k in tokens for k in part) for part in form) for form in alternatives)


def explain(text: str, terms: Sequence[tuple[str, Alternatives, bool]]) -> tuple[list[tuple[int, int]], str]:
    """Spans of `text` to mark, and the words of the hit, for the terms (as typed, their alternatives, whether the
    term occurs as typed in the text) matched through a mention's derived forms rather than its text."""
    wanted = [(typed, alts) for typed, alts, literal in terms if alts and not literal]
    if not wanted:
        return [], ""
    spans: list[tuple[int, int]] = []
    said: dict[str, list[str]] = {}
    for mention in mentions(text):
        typed = [t for t, alts in wanted if satisfies(mention.tokens, alts)]
        if typed:
            spans.append((mention.start, mention.end))
            said.setdefault(mention.text, [])
            said[mention.text] += [t for t in typed if t not in said[mention.text]]
    return spans, "; ".join(f"matched '{' '.join(typed)}' as {name}" for name, typed in _first(said.items(), 3))


def _first(pairs: Iterable[tuple[str, list[str]]], n: int) -> list[tuple[str, list[str]]]:
    return list(pairs)[:n]
