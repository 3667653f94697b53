"""The gap matrix ranked, on /sanctions/ and in `adalet sanctions gaps`: the designated nowhere with the most detentions
under their posts first, unplaceable posts last with the reason (never 0); the ranking is kept in the shared cache
and counted again after a committed write (a post added). These tests commit (transaction=True), as the site does."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from adalet import changes
from adalet.archive.models import Collection
from adalet.people.officials import PostSpec, add_post
from adalet.sanctions import ranking
from tests.people.test_responsibility import CAREER, Raw, leak, oracle  # noqa: F401 - leak is a fixture
from tests.people.test_responsibility_ranking import five_officials
from tests.web.workspace_fixtures import make_user

pytestmark = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
NAMES = ["A Whole Career", "B One Post", "C Designated", "D Unknown Unit", "E No Posts"]


@pytest.fixture
def registry(leak: tuple[list[Raw], list[int]]) -> dict:  # noqa: F811
    rows, _ = leak
    Collection.objects.update(is_public=True)
    part = five_officials()["part"]
    return {"part": part, "held_all": len(oracle(rows, CAREER)[2]), "held_first": oracle(rows, CAREER[:1])[0][0][1]}


def ranked_rows(text: str) -> list[tuple[str, str]]:
    """(official, held cell) in the order the page shows them."""
    found = re.findall(r'<tr><th scope="row"><a href="/officials/\d+/">(.*?)</a></th>\s*<td class="count held">(.*?)</td>',
                       text, re.S)
    return [(re.sub(r"<[^>]+>", "", name), re.sub(r"<[^>]+>", "", held).strip()) for name, held in found]


def test_the_page_ranks_the_unsanctioned_with_the_most_first(registry: dict) -> None:
    rows = ranked_rows(Client().get("/sanctions/").content.decode())
    assert [name for name, _ in rows] == NAMES
    assert [held for _, held in rows[:3]] == [str(registry["held_all"]), str(registry["held_first"]),
                                              str(registry["held_all"])]
    assert "Ministry of Truth" in rows[3][1] and rows[3][1].startswith("not counted:") and rows[4][1] == "no posts recorded"
    assert registry["held_all"] > registry["held_first"] > 0


def test_the_ranking_is_cached_and_counted_again_after_a_post_is_added(registry: dict,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    real = ranking.count

    def counting(person, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(person.pk)
        return real(person, *args, **kwargs)

    monkeypatch.setattr(ranking, "count", counting)
    client = Client()
    Group.objects.get_or_create(name="researcher")  # the flush between committing tests empties the roles' groups
    client.force_login(make_user("reader", group="researcher"))  # signed in: no page cache, the ranking's own
    first = ranked_rows(client.get("/sanctions/").content.decode())
    assert len(counted) == 4  # every official with posts
    key = ranking.cache_key(changes.generation(), sorted(Collection.objects.values_list("pk", flat=True)), False)
    assert cache.get(key) is not None  # in the shared cache, not in this process
    assert ranked_rows(client.get("/sanctions/").content.decode()) == first and len(counted) == 4  # from the cache
    add_post(registry["part"], PostSpec("书记", "新疆维吾尔自治区党委", "2015", "2022"))  # committed: renews the token
    again = ranked_rows(client.get("/sanctions/").content.decode())
    assert len(counted) == 8
    assert [name for name, _ in again] == ["B One Post", "A Whole Career", *NAMES[2:]]
    assert int(again[0][1]) > registry["held_all"]
    assert [name for name, _ in ranked_rows(Client().get("/sanctions/").content.decode())][:2] == [
        "B One Post", "A Whole Career"]  # visitors' cached page renewed too


def test_sanctions_gaps_lists_the_ranking(registry: dict) -> None:
    out = io.StringIO()
    call_command("sanctions", "gaps", "--format", "json", stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    assert [d["name"] for d in data] == NAMES
    assert [d["held_during_tenure"] for d in data] == [registry["held_all"], registry["held_first"],
                                                       registry["held_all"], None, None]
    assert "Ministry of Truth" in data[3]["problem"] and data[2]["designations"]["us"]["date"] == "2020-07-09"
    out = io.StringIO()
    call_command("sanctions", "gaps", "--format", "csv", stdout=out, stderr=io.StringIO())
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["official"], r["held_during_tenure"]) for r in table][3:] == [("D Unknown Unit", ""), ("E No Posts", "")]
    assert table[4]["not_counted"] == "no posts recorded"
    out = io.StringIO()
    call_command("sanctions", "gaps", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert text.index("A Whole Career") < text.index("B One Post") < text.index("E No Posts")
    assert f"{registry['held_all']:,}" in text and "not counted" in text
