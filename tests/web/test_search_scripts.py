"""Across scripts (issue 17, item 7): a family member types a generated person's name in Cyrillic or in pinyin and
the relative search finds the record written in characters; the main search finds the person's row from the
Uyghur Latin, Cyrillic or pinyin spelling, shows the row's original text masked with the name marked, and says how
it matched."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pypinyin import lazy_pinyin

from adalet.archive.models import Collection
from adalet.names import variants
from adalet.people.models import Person
from tests.web.conftest import ID_NUMBER, photographed_person

pytestmark = pytest.mark.django_db

# Uyghur Latin (ULY) -> Uyghur Cyrillic, digraphs first: how a family in Kazakhstan or Kyrgyzstan writes the name
_CYRILLIC = [("ch", "ч"), ("gh", "ғ"), ("ng", "ң"), ("sh", "ш"), ("zh", "ж"), ("a", "а"), ("b", "б"), ("d", "д"),
             ("e", "ә"), ("é", "е"), ("f", "ф"), ("g", "г"), ("h", "һ"), ("i", "и"), ("j", "җ"), ("k", "к"),
             ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("ö", "ө"), ("p", "п"), ("q", "қ"), ("r", "р"),
             ("s", "с"), ("t", "т"), ("u", "у"), ("ü", "ү"), ("w", "в"), ("x", "х"), ("y", "й"), ("z", "з")]


def cyrillic(uly: str) -> str:
    out, word = [], uly.lower()
    i = 0
    while i < len(word):
        for latin, letter in _CYRILLIC:
            if word.startswith(latin, i):
                out.append(letter)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return " ".join(w.capitalize() for w in "".join(out).split())


def pinyin(name: str) -> str:
    """The name as Chinese systems romanise its characters: each part's syllables run together (Aierken Tuniyazi)."""
    return " ".join("".join(lazy_pinyin(part)).capitalize() for part in re.split(r"[·\s]+", name) if part)


def transcribed_person(collection: Collection) -> Person:
    person = photographed_person(collection)
    assert person is not None and "·" in person.name, "the demo leak's photographed detainee has a Uyghur name"
    return person


def test_a_cyrillic_query_finds_the_record_in_characters(client: Client, published: Collection) -> None:
    person = transcribed_person(published)
    typed = cyrillic(variants(person.name)[0])
    assert re.fullmatch(r"[\u0400-\u04ff ]+", typed)
    page = client.post("/relatives/", {"name": typed, "birth_year": person.birth_date.year})
    text = page.content.decode()
    assert page.status_code == 200 and person.name in text, typed
    assert not re.search(ID_NUMBER, text) and person.address not in text


def test_a_pinyin_query_finds_the_record_in_characters(client: Client, published: Collection) -> None:
    person = transcribed_person(published)
    typed = pinyin(person.name)
    assert typed.isascii()
    page = client.post("/relatives/", {"name": typed, "birth_year": person.birth_date.year})
    assert page.status_code == 200 and person.name in page.content.decode(), typed


@pytest.mark.parametrize("spelling", ["uyghur", "cyrillic", "pinyin"])
def test_the_main_search_finds_the_row_and_says_how(client: Client, published: Collection, spelling: str) -> None:
    person = transcribed_person(published)
    uyghur = variants(person.name)[0]
    typed = {"uyghur": uyghur, "cyrillic": cyrillic(uyghur), "pinyin": pinyin(person.name)}[spelling]
    page = client.get("/search", {"q": typed})
    text = page.content.decode()
    assert page.status_code == 200 and f"<mark>{person.name}</mark>" in text, typed
    assert f"matched &#x27;{typed}&#x27; as {person.name}" in text
    assert not re.search(ID_NUMBER, text)  # the snippet is masked as ever
