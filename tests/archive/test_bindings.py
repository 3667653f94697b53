"""Bindings: each write of a bound row puts the hash of its facts on the custody log, and the comparison finds every
row that differs from the log, every bound row gone and every row the log never saw."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from adalet.archive import bindings, custody
from adalet.archive.claims import claim, new_worker_id
from adalet.archive.models import Collection, CustodyRecord, IngestRun, Item, ItemStatus

pytestmark = pytest.mark.django_db


def problems() -> list[str]:
    expected: bindings.Expected = {}
    breaks = [str(b) for b in custody.verify_chain(visit=bindings.replay(expected)) if "witness" not in str(b)]
    return breaks + list(bindings.compare(expected))


def bind_records() -> list[dict[str, dict[str, str | None]]]:
    return [custody.record_detail(r)["tables"] for r in CustodyRecord.objects.filter(action=bindings.ACTION)]


def make_items(n: int = 3) -> tuple[Collection, list[Item]]:
    collection = Collection.objects.create(name="c")
    run = IngestRun.objects.create(collection=collection, root_path="/leak", actor="tester")
    with bindings.operation("tester", "c"):
        items = [
            Item.objects.create(collection=collection, run=run, locator=f"leak/{i}.txt", path=f"{i}.txt", name=f"{i}.txt",
                                sha256=f"{i:064x}", size=i, media_type="text/plain", metadata={"n": i})
            for i in range(n)
        ]
    return collection, items


def test_the_digest_is_of_canonical_json_whatever_the_order_and_the_time_zone() -> None:
    at = dt.datetime(2018, 3, 5, 9, 0, tzinfo=dt.UTC)
    urumqi = at.astimezone(dt.timezone(dt.timedelta(hours=6)))
    assert bindings.fact_digest({"a": 1, "at": at}) == bindings.fact_digest({"at": urumqi, "a": 1})
    assert bindings.fact_digest({"born": dt.date(1980, 1, 2)}) == bindings.fact_digest({"born": "1980-01-02"})
    assert bindings.fact_digest({"name": "陈全国"}) != bindings.fact_digest({"name": "陈全國"})
    assert len(bindings.fact_digest({})) == 64


def test_the_registry_holds_the_facts_and_leaves_out_work_state() -> None:
    assert {"archive.Collection", "archive.Item", "archive.Derivative", "archive.Passage", "people.Person",
            "people.Detention", "people.PhotoLink", "people.SourceRow", "verify.FindingRecord",
            "verify.SignOff"} <= set(bindings.REGISTRY)
    item = bindings.REGISTRY["archive.Item"]
    assert {"collection_id", "parent_id", "locator", "name", "sha256", "status", "metadata", "withheld"} <= set(item.facts)
    assert not {"claimed_by", "claimed_at", "attempts", "id"} & set(item.facts)
    with pytest.raises(LookupError, match="not bound"):
        bindings.bound(CustodyRecord)


def test_a_save_binds_its_row_and_a_delete_unbinds_it() -> None:
    collection = Collection.objects.create(name="c")
    table = bind_records()[-1]["archive.Collection"]
    digest, _, fingerprints = (table[str(collection.pk)] or "").partition(".")
    assert list(table) == [str(collection.pk)] and len(digest) == 64
    assert len(fingerprints) == 2 * len(bindings.REGISTRY["archive.Collection"].facts)
    collection.is_public = True
    collection.save()
    assert bind_records()[-1]["archive.Collection"][str(collection.pk)] != table[str(collection.pk)]
    pk = collection.pk
    collection.delete()
    assert bind_records()[-1] == {"archive.Collection": {str(pk): None}}
    assert problems() == []


def test_a_save_of_columns_that_are_no_facts_writes_no_binding() -> None:
    collection, items = make_items(1)
    before = CustodyRecord.objects.count()
    items[0].attempts = 3
    items[0].save(update_fields=["attempts"])
    assert CustodyRecord.objects.count() == before


def test_the_writes_of_one_operation_make_one_record() -> None:
    make_items(5)
    assert len(bind_records()[-1]["archive.Item"]) == 5


def test_a_large_operation_is_split_into_records_of_bounded_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bindings, "PER_RECORD", 2)
    make_items(5)
    assert [len(t["archive.Item"]) for t in bind_records()[-3:]] == [2, 2, 1]
    assert problems() == []


def test_an_update_that_bypasses_the_binder_is_found_and_named() -> None:
    collection, items = make_items()
    assert problems() == []
    Item.objects.filter(pk=items[1].pk).update(name="harmless.txt")
    [found] = problems()
    assert found.startswith(f"archive.Item #{items[1].pk}: altered: name (differs from its binding in custody record #")
    Item.objects.filter(pk=items[2].pk).update(metadata={"n": 99}, collection=Collection.objects.create(name="open"))
    assert any(p.startswith(f"archive.Item #{items[2].pk}: altered: collection_id, metadata (differs from") for p in problems())


def test_rows_written_without_the_binder_are_reported_both_ways() -> None:
    collection, items = make_items()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM archive_item WHERE id = {items[0].pk}")
    ghost = Item.objects.bulk_create([Item(collection=collection, run=items[1].run, locator="x", path="x", name="x")])[0]
    assert Item.objects.filter(pk=ghost.pk).exists()
    assert problems() == [
        f"archive.Item #{ghost.pk}: not on the custody log (written outside the application)",
        f"archive.Item #{items[0].pk}: missing (bound by custody record #{_bound_in(items[0].pk)}, deleted outside the application)",
    ]


def test_a_row_deleted_on_the_log_but_present_is_found() -> None:
    collection, items = make_items()
    bindings.unbind(Item, [items[2].pk])  # as if its deletion had been logged and the row put back
    assert problems() == [f"archive.Item #{items[2].pk}: deleted by custody record #{custody.head().seq}, but present"]  # type: ignore[union-attr]


def test_an_explicit_bind_covers_a_bulk_update() -> None:
    collection, items = make_items()
    with bindings.operation("tester") as op:
        Item.objects.filter(collection=collection).update(withheld=True)
        op.bind_pks(Item, [i.pk for i in items])
    assert problems() == []


def test_claiming_and_releasing_work_changes_no_binding() -> None:
    collection, items = make_items()
    before = CustodyRecord.objects.count()
    claimed = claim(new_worker_id(), 10)
    assert {i.status for i in claimed} == {ItemStatus.PROCESSING}
    assert problems() == [] and CustodyRecord.objects.count() == before
    Item.objects.filter(pk=items[0].pk).update(status=ItemStatus.DONE)  # a finished extraction the log never saw
    assert problems()[0].startswith(f"archive.Item #{items[0].pk}: altered")


def test_many_problems_of_a_kind_end_in_one_summary_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bindings, "LIMIT_PER_KIND", 2)
    collection, items = make_items(5)
    Item.objects.filter(collection=collection).update(name="same")
    found = problems()
    assert len(found) == 3 and found[-1] == "archive.Item: 3 more rows altered (first 2 listed)"


def test_the_fingerprints_name_each_changed_column() -> None:
    facts = {"name": "x", "size": 3, "metadata": '{"a":1}', "at": dt.date(2018, 1, 1)}
    binding = f"{bindings.fact_digest(facts)}.{bindings.fingerprints(facts, list(facts))}"
    changed = facts | {"size": 4, "at": dt.date(2018, 1, 2)}
    assert bindings.changed_columns(binding, list(facts), changed) == ["size", "at"]
    assert bindings.changed_columns(binding.split(".")[0], list(facts), changed) == []  # none kept: none named


def test_a_binding_of_a_table_no_longer_bound_is_reported() -> None:
    custody.append(bindings.ACTION, actor="t", detail={"tables": {"gone.Table": {"1": "0" * 64}}})
    assert problems() == ["gone.Table: bound on the custody log, but no such table is bound by this version of Adalet"]


def _bound_in(pk: int) -> int:
    for record in CustodyRecord.objects.filter(action=bindings.ACTION).order_by("-seq"):
        if str(pk) in json.loads(record.body)["detail"]["tables"].get("archive.Item", {}):
            return record.seq
    raise AssertionError(f"item {pk} was never bound")


def test_adopting_binds_only_rows_the_log_never_saw_and_says_so() -> None:
    collection, items = make_items()
    ghost = Item.objects.bulk_create([Item(collection=collection, run=items[0].run, locator="old", path="old", name="old")])[0]
    Item.objects.filter(pk=items[0].pk).update(name="altered")
    assert bindings.adopt("admin@host") == 1
    assert custody.head().subject == "adopt" and bind_records()[-1] == {  # type: ignore[union-attr]
        "archive.Item": {str(ghost.pk): bindings.REGISTRY["archive.Item"].rows(Item.objects.filter(pk=ghost.pk)).__next__()[1]}
    }
    assert [p.split(":")[0] for p in problems()] == [f"archive.Item #{items[0].pk}"]  # the altered row stays reported


def test_the_adopt_command_adopts_once_and_then_refuses() -> None:
    from django.core.management import CommandError, call_command

    collection, items = make_items()
    old = Item.objects.bulk_create([Item(collection=collection, run=items[0].run, locator="old", path="old", name="old")])[0]
    assert problems() == [f"archive.Item #{old.pk}: not on the custody log (written outside the application)"]
    call_command("audit", "adopt")
    assert problems() == []
    later = Item.objects.bulk_create([Item(collection=collection, run=items[0].run, locator="new", path="new", name="new")])[0]
    with pytest.raises(CommandError, match=r"adopted in custody record #\d+; an unbound row now is a write that bypassed"):
        call_command("audit", "adopt")
    assert problems() == [f"archive.Item #{later.pk}: not on the custody log (written outside the application)"]
