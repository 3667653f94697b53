"""The operators of a search string, read before any analysis: "quoted phrases", OR between terms, -minus.

The syntax is the one journalists know from Aleph and web search engines:

* words are all required (``Tekes 在押``), ``AND`` between them changes nothing;
* ``"a quoted phrase"`` is matched as typed, its words consecutive (smart quotes “” work too);
* ``OR`` in capitals between two words or phrases requires either (``Tekes OR Zhaosu``; ``a OR b OR c``);
* ``-word``, ``-"a phrase"`` or ``NOT word`` leaves out what holds it.

Anything else is text: lower-case ``or``, a hyphen inside a word (``2018-03-05``), brackets, stars, colons. The
lexer never fails: what it cannot read is left out and named in `Lexed.problems` (an unclosed quote, an OR with
nothing on one side, a search of exclusions only), which the page turns into a sentence for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Problem = Literal["unclosed-quote", "dangling-or", "only-excluded"]

_ITEM = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Word:
    """A word or a quoted phrase, with the operators before it."""

    text: str
    quoted: bool = False
    excluded: bool = False
    either: bool = False  # OR before it: an alternative to the clause before


@dataclass
class Lexed:
    words: list[Word] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, name: Problem) -> None:
        if name not in self.problems:
            self.problems.append(name)


def lex(q: str) -> Lexed:
    """The words of `q` with their operators (quotes already folded to ``"``)."""
    out = Lexed()
    if q.count('"') % 2:  # an unclosed quote is left out, not a phrase to the end
        head, _quote, tail = q.rpartition('"')
        q = f"{head} {tail}"
        out.problem("unclosed-quote")
    either = excluded = False
    for m in _ITEM.finditer(q):
        minus, phrase, bare = m.group(1), m.group(2), m.group(3)
        if bare == "OR":
            if not out.words or either or out.words[-1].excluded:
                out.problem("dangling-or")
            either = bool(out.words) and not out.words[-1].excluded
            continue
        if bare in ("AND", "NOT"):
            excluded = excluded or bare == "NOT"
            continue
        if phrase is not None:
            word = Word(phrase, quoted=True, excluded=excluded or bool(minus), either=either)
        elif bare.startswith("-") and len(bare) > 1:
            word = Word(bare[1:], excluded=True, either=either)
        elif bare == "-":
            continue
        else:
            word = Word(bare, excluded=excluded, either=either)
        if word.excluded and word.either:  # "a OR -b" has no meaning a reader would agree on: b is left out
            out.problem("dangling-or")
            word = Word(word.text, word.quoted, excluded=True)
        out.words.append(word)
        either = excluded = False
    if either:
        out.problem("dangling-or")
    return out
