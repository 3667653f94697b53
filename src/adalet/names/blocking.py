"""Blocking keys: cheap keys that two matching names share, so that record
linkage compares only names that share a key instead of all pairs.

A key is the first letter of a folded Latin part followed by its next two
consonants (vowels, ``h`` and ``y`` dropped): ``tuniyaz``/``toniyaz`` → ``tnz``,
``quanguo`` → ``kng``; ``f`` counts as ``p`` (``saifudin``/``seypidin`` → ``spd``). Every spelling of every part of every form contributes,
so a Han name and its pinyin, a transcribed Uyghur name and its Latin
spelling land in the same block.
"""

from __future__ import annotations

import re

from adalet.names.forms import analyse

_DROP = re.compile(r"[aeiouhyv]")


def part_key(key: str) -> str:
    """Blocking key of one folded part."""
    if not key:
        return ""
    key = key.replace("f", "p")  # Uyghur writes Arabic-Persian f as p (Saifuddin / Seypidin)
    rest = _DROP.sub("", key[1:])
    rest = re.sub(r"(.)\1+", r"\1", rest)
    return key[0] + rest[:2]


def blocking_keys(name: str) -> set[str]:
    """Blocking keys of *name* in any script (empty set for an unusable name)."""
    keys: set[str] = set()
    for form in analyse(name).forms:
        for part in form.parts:
            for k in part.keys:
                pk = part_key(k)
                if len(pk) >= 2 or len(k) <= 3:
                    keys.add(pk)
    return keys
