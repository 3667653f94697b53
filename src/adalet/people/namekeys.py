"""The name index: the blocking keys (adalet.names.blocking) of every recorded name form of every person, stored
with the person's collection and birth date in `NameKey`, so that relative search compares only the people who
share a key with the query, found by an indexed lookup (key, collection, birth date), instead of computing the keys
of everyone born that year.

Written by `adalet records map` for the people it makes (and deleted with them when a collection is mapped again),
and for any person saved one at a time (a signal, `person_saved`); deleting a person deletes its rows.
`adalet records index-names [COLLECTION]` rebuilds it.

Each indexed person also has one row whose key is the index's stamp (`stamp`): a fingerprint of what
`blocking_keys` makes of a fixed set of names in every script. A person without the current stamp is not indexed,
or was indexed by another version of the keys (the matcher is tuned now and then): a search over such people would
miss relatives silently, so it refuses instead (`require_indexed`, `NameIndexMissing`) until the index is rebuilt.
So does a person whose collection or birth date changed without the index (an update() that sends no signal).
The check costs two counts the indexes answer (people born then, stamps there); only when they differ are the
people looked up one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from adalet import bulkinsert
from adalet.archive.models import Collection
from adalet.names import blocking_keys
from adalet.people.models import NameKey, Person

#: Names whose keys make the stamp: Han, transcribed Uyghur, Uyghur Arabic script, Latin, Cyrillic, Kazakh.
PROBES = (
    "艾尔肯·阿不力孜",
    "艾尔肯阿不力孜",
    "Erkin Abliz",
    "ئەركىن ئابلىز",
    "陈全国",
    "Chen Quanguo",
    "CHEN, Quanguo",
    "阿依吐古丽·阿不都克热木",
    "Ayitugul Abdukerim",
    "赛福鼎·艾则孜",
    "Saifuddin Azizi",
    "Сейпидин Әзизи",
    "努尔·依力哈木",
    "帕提古丽·艾合买提江",
    "Patigul Ehmetjan",
    "پاتىگۈل ئەخمەتجان",
    "Тұрсын Ахмет",
    "吐尔逊艾买提",
    "Muhammad Salih Hajim",
    "朱海仑",
    "Zhu Hailun",
    "王勇",
    "Mihrigul Tursun",
    "米热古丽·吐尔逊",
)
CHUNK = 5000


class NameIndexMissing(RuntimeError):
    """People to search are not in the name index (never indexed, or by another version of the keys)."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"{count:,} or more people to search are not in the name index (or were indexed by another version of "
            "the name keys): run `adalet records index-names` to rebuild it"
        )
        self.count = count


@cache
def stamp() -> str:
    """The key of the row that marks a person as indexed by this version of the blocking keys."""
    digest = hashlib.sha256()
    for name in PROBES:
        digest.update(f"{name}\t{','.join(sorted(blocking_keys(name)))}\n".encode())
    return "#" + digest.hexdigest()[:16]


def forms(name: str, names: Any) -> list[str]:
    """A person's name forms as relative search compares them: the name as recorded, then every form recorded."""
    found = [name] if name else []
    for entry in names or []:
        form = entry.get("name", "") if isinstance(entry, dict) else ""
        if form and form not in found:
            found.append(form)
    return found


@lru_cache(maxsize=65536)
def form_keys(form: str) -> frozenset[str]:
    """The blocking keys of one name form (kept: a leak writes the same names many times)."""
    return frozenset(blocking_keys(form))


def keys_of(name: str, names: Any) -> set[str]:
    """The blocking keys of every form of a person's name."""
    return {key for form in forms(name, names) for key in form_keys(form)}


def rows(people: Iterable[Sequence[Any]]) -> Iterator[tuple[int, int | None, str, dt.date | None]]:
    """(person id, collection id, key, birth date) for each key of each person given as (id, collection id, name,
    names, birth date), and the stamp row."""
    mark = stamp()
    for pk, collection, name, names, born in people:
        for key in sorted(keys_of(name, names)):
            yield pk, collection, key, born
        yield pk, collection, mark, born


def add(people: Iterable[Sequence[Any]]) -> int:
    """Index people given as (id, collection id, name, names, birth date), who have no rows yet; returns the rows
    written."""
    return bulkinsert.insert(NameKey, ("person_id", "collection_id", "key", "born"), rows(people))


def drop_where(condition: str, params: Sequence[Any]) -> int:
    """Delete the rows of the people ``SELECT id FROM people_person WHERE condition`` selects (before deleting
    them with plain SQL, which does not cascade)."""
    people = f"SELECT id FROM {connection.ops.quote_name(Person._meta.db_table)} WHERE {condition}"
    return bulkinsert.delete_where(NameKey, f"person_id IN ({people})", params)


def person_saved(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    """Signal receiver: a person saved one at a time is indexed again."""
    with transaction.atomic():
        NameKey.objects.filter(person_id=instance.pk).delete()
        add([(instance.pk, instance.collection_id, instance.name, instance.names, instance.birth_date)])


def rebuild(collection: Any = None) -> int:
    """Index the people of ``collection`` (default: everyone) afresh; returns how many."""
    people = Person.objects.all() if collection is None else Person.objects.filter(collection=collection)
    count = 0
    with transaction.atomic():
        if collection is None:
            NameKey.objects.all().delete()
        else:
            drop_where("collection_id = %s", [collection.pk])
        batch: list[tuple[Any, ...]] = []
        fields = ("pk", "collection_id", "name", "names", "birth_date")
        for row in people.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
            batch.append(row)
            if len(batch) >= CHUNK:
                add(batch)
                count, batch = count + len(batch), []
        add(batch)
        count += len(batch)
    return count


def unindexed(people: QuerySet[Person]) -> QuerySet[Person]:
    """Those of ``people`` without the current stamp for their collection and birth date as they are now."""
    current = NameKey.objects.filter(
        person_id=OuterRef("pk"), key=stamp(), collection_id=OuterRef("collection_id"), born=OuterRef("birth_date")
    )
    return people.filter(~Exists(current))


def require_indexed(people: QuerySet[Person], first: dt.date, last: dt.date) -> None:
    """NameIndexMissing when any of ``people`` (of published collections, born between ``first`` and ``last``) is
    not indexed as they are now by this version of the keys.

    First two counts the indexes answer alone: everyone born then in a published collection, and the stamps of the
    index there. Equal, everyone has one (a person has one stamp at most: a unique constraint); else the people are
    looked up one by one."""
    public = Collection.objects.filter(is_public=True).values("pk")
    born = Person.objects.filter(collection__in=public, birth_date__gte=first, birth_date__lte=last).count()
    stamped = NameKey.objects.filter(key=stamp(), collection__in=public, born__gte=first, born__lte=last).count()
    if born == stamped:
        return
    missing = unindexed(people)
    if missing.exists():
        raise NameIndexMissing(missing.count())


def sharing(people: QuerySet[Person], keys: Iterable[str], first: dt.date, last: dt.date) -> QuerySet[Person]:
    """Those of ``people`` (of published collections, born between ``first`` and ``last``) with a name form that
    has one of ``keys``: an indexed lookup by key, collection and birth date."""
    public = Collection.objects.filter(is_public=True).values("pk")
    found = NameKey.objects.filter(key__in=sorted(set(keys)), collection__in=public, born__gte=first, born__lte=last)
    return people.filter(pk__in=found.values("person_id"))
