"""One person on two lists, the name written differently: 吐尔逊·艾买提 and 吐尔逊艾买提.

Police lists are typed by different clerks from different systems, and the same person often
appears on more than one (a detention register and a list of "key persons"). The interpunct
between a Uyghur or Kazakh given name and the father's name is the first thing to vary: left
out, or typed as another dot. ``list_again`` puts ``SECOND_LISTING_SHARE`` of the people whose
names have an interpunct on a second list of the same bureau, with the name so varied and every
other fact as on the first row.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from adalet.demo.identities import Person
from adalet.demo.sheets import SheetFile

INTERPUNCT = "·"  # U+00B7, the official form
OTHER_DOTS = ("•", "．", "・", ".")  # bullet, fullwidth full stop, katakana middle dot, full stop
WITHOUT_SHARE = 0.7  # of the variants: the interpunct left out; the rest another dot
SECOND_LISTING_SHARE = 0.06


def name_variant(name: str, rng: random.Random) -> str:
    """The name with its interpunct left out or replaced by another dot."""
    return name.replace(INTERPUNCT, "" if rng.random() < WITHOUT_SHARE else rng.choice(OTHER_DOTS))


def list_again(
    files: Sequence[SheetFile], people: Sequence[Person], rng: random.Random
) -> tuple[list[SheetFile], dict[Person, Person]]:
    """The files with second rows added, and each added row → the person as first listed.

    Each second row goes at the end of the sheet of another file of the same bureau that lists the
    person's facility (else that file's last sheet).
    """
    files = list(files)
    placed = {person: index for index, f in enumerate(files) for person, _, _ in f.rows()}
    candidates = [person for person in people if INTERPUNCT in person.name]
    chosen = rng.sample(candidates, min(len(candidates), round(SECOND_LISTING_SHARE * len(people))))
    added: dict[Person, Person] = {}
    for person in chosen:
        others = [
            i for i, f in enumerate(files) if i != placed[person] and f.path.startswith(f"{person.bureau}/")
        ]
        if not others:
            continue
        index = rng.choice(others)
        again = replace(person, name=name_variant(person.name, rng))
        files[index] = files[index].with_row_added(again)
        added[again] = person
    return files, added
