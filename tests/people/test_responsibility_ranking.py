"""The others, ranked: officials designated nowhere with the most detentions under their posts first, then the
designated; an official whose posts cannot be placed is last with the reason, never counted as 0."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from adalet.people.models import Person
from adalet.people.officials import PostSpec, add_post, upsert_official
from adalet.sanctions.models import ReferenceDesignation
from adalet.sanctions.ranking import ranking
from tests.people.test_responsibility import CAREER, Raw, leak, oracle  # noqa: F401 - leak is a fixture

pytestmark = pytest.mark.django_db


def five_officials() -> dict[str, Person]:
    """A whole career, one post of it, the whole career designated in the US, a unit no map holds, no posts."""
    whole, _ = upsert_official("A Whole Career")
    for post in CAREER:
        add_post(whole, post.spec)
    part, _ = upsert_official("B One Post")
    add_post(part, CAREER[0].spec)
    listed, _ = upsert_official("C Designated")
    for post in CAREER:
        add_post(listed, post.spec)
    ReferenceDesignation.objects.create(official=listed, jurisdiction="us", listed_on=dt.date(2020, 7, 9), source="t")
    unknown, _ = upsert_official("D Unknown Unit")
    add_post(unknown, PostSpec("Chief", "Ministry of Truth", "2018", "2019"))
    none, _ = upsert_official("E No Posts")
    return {"whole": whole, "part": part, "listed": listed, "unknown": unknown, "none": none}


def test_the_unsanctioned_with_the_most_detentions_come_first(leak: tuple[list[Raw], list[int]]) -> None:  # noqa: F811
    rows, _ = leak
    five_officials()
    ranked = ranking()
    assert [r.row.name for r in ranked] == ["A Whole Career", "B One Post", "C Designated", "D Unknown Unit",
                                             "E No Posts"]
    held_all = len(oracle(rows, CAREER)[2])
    held_first = oracle(rows, CAREER[:1])[0][0][1]
    assert [r.held for r in ranked] == [held_all, held_first, held_all, None, None]
    assert held_all > held_first > 0
    assert ranked[2].designated == ["us"] and ranked[0].designated == []
    assert "Ministry of Truth" in ranked[3].problem and ranked[4].problem == "no posts recorded"
    out = io.StringIO()
    call_command("officials", "ranking", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["held_during_tenure"] for d in data] == [held_all, held_first, held_all, None, None]
    assert data[0]["gaps"] == ["us", "eu", "uk", "ca"] and Person.objects.filter(kind="official").count() == 5
