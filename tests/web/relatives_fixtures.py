"""Records for the relative-search tests: one name, five people, in a published collection.

艾尔肯·阿不力孜 (Erkin Abliz), born 1980, in:
  shufu    Shufu (疏附县): ID number and address agree
  moved    ID number of Shule (653122), address in Kashgar city (喀什市): either county finds him
  payzawat no ID number; an address in Jiashi (伽师县)
  tekes    born 1981, a Tekes ID of 1984-2001 (654127), no address: found by the code alone, with ±1 only
  hidden   in a collection that is not published
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adalet.archive.models import Collection
from adalet.people.models import Person, PersonKind

NAME = "艾尔肯·阿不力孜"
LATIN = "Erkin Abliz"
ARABIC = "ئەركىن ئابلىز"
SHUFU_HOUSE = "托克扎克镇阿克其村3组12号"


@dataclass
class Family:
    collection: Collection
    shufu: Person
    moved: Person
    payzawat: Person
    tekes: Person
    hidden: Person


def person(collection: Collection, born: dt.date, id_number: str, address: str) -> Person:
    return Person.objects.create(
        collection=collection, kind=PersonKind.DETAINEE, name=NAME, names=[{"name": NAME, "source": "record"}],
        id_number=id_number, birth_date=born, sex="M", address=address,
    )


def make_family() -> Family:
    public = Collection.objects.create(name="family-test", is_public=True, title="Family test")
    private = Collection.objects.create(name="family-test-private", is_public=False)
    return Family(
        collection=public,
        shufu=person(public, dt.date(1980, 5, 1), "653121198005011237",
                     f"新疆维吾尔自治区喀什地区疏附县{SHUFU_HOUSE}"),
        moved=person(public, dt.date(1980, 6, 2), "653122198006021235", "新疆喀什市人民东路12号3栋2单元501室"),
        payzawat=person(public, dt.date(1980, 7, 3), "", "新疆维吾尔自治区喀什地区伽师县巴仁镇英买里村2组7号"),
        tekes=person(public, dt.date(1981, 1, 4), "654127198101041233", ""),
        hidden=person(private, dt.date(1980, 8, 5), "653121198008051231", "新疆维吾尔自治区喀什地区疏附县乌帕尔镇"),
    )
