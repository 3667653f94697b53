"""An official's page on the site: every count of detentions under the posts links to exactly the rows it counts,
the timeline's SVG and table agree with `adalet officials responsibility --json` (recounted here by plain loops),
and an anonymous crawl of the page and every page it links finds nothing personal: no ID number, no address, no
name, and nothing of an unpublished collection or of an item withheld until published. In English, Uyghur, Chinese."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from adalet.archive import bindings
from adalet.archive.models import Collection, IngestRun, Item
from adalet.people.models import Detention, Person, SourceRow
from tests.people.test_responsibility import Raw, career, leak  # noqa: F401 - leak is a fixture
from tests.web.conftest import ID_NUMBER
from tests.web.workspace_fixtures import make_user

pytestmark = pytest.mark.django_db
COUNT = re.compile(r'<a class="count" href="([^"]+)">([\d,]+)</a>')
ADDRESS = "阿亚格曼干村3组45号"
PLANTED_ID = "653121199001011234"


@pytest.fixture
def site(leak: tuple[list[Raw], list[int]]) -> dict:  # noqa: F811
    """leak1 published with personal data planted in its cells and a tenth of its rows in a withheld item; leak2 not."""
    rows, collections = leak
    published, closed = Collection.objects.get(pk=collections[0]), Collection.objects.get(pk=collections[1])
    published.is_public = True
    published.save()
    people = list(Person.objects.filter(collection__in=[published, closed]))
    for person in people:
        person.name = f"{'公开名' if person.collection_id == published.pk else '隐名'}{person.pk:05d}"
    with bindings.operation(actor="test", subject="site") as op:  # one bulk write, bound in one record
        Person.objects.bulk_update(people, ["name"])
        op.bind_pks(Person, [p.pk for p in people])
    Detention.objects.filter(person__collection=published).update(status=f"在押 {PLANTED_ID} {ADDRESS}")
    later = Item.objects.create(collection=published, run=IngestRun.objects.filter(collection=published).first(),
                                locator="leak1/later.xlsx", path="later.xlsx", name="later.xlsx", sha256="d" * 64,
                                withheld=True)
    withheld = set(Detention.objects.filter(person__collection=published).order_by("pk")
                   .values_list("pk", flat=True)[::10])
    SourceRow.objects.filter(detentions__pk__in=withheld).update(item=later)
    official = career()
    out = io.StringIO()
    call_command("officials", "responsibility", str(official.pk), "--collection", published.name, "--json", stdout=out)
    return {"official": official, "json": json.loads(out.getvalue()), "withheld": withheld}


def crawl(client: Client, link: str) -> tuple[list[int], str]:
    """The detentions a count's link lists, over all its pages, and the pages' text."""
    found: list[int] = []
    text = ""
    address: str | None = html.unescape(link)
    while address:
        page = client.get(address)
        assert page.status_code == 200, address
        body = page.content.decode()
        text += body
        found += [int(pk) for pk in re.findall(r'data-detention="(\d+)"', body)]
        following = re.search(r'rel="next" href="([^"]+)"', body)
        address = html.unescape(following.group(1)) if following else None
    assert len(found) == len(set(found))
    return found, text


def monthly(data: dict) -> dict[str, tuple[int, int]]:
    """Held and admitted per month, from the JSON by plain loops over months and posts (the tenure rule per month)."""
    names = {f["id"]: f["name"] for f in data["facilities"]}
    admitted_ids = {d["detention"] for d in data["admitted_during_tenure"]["detentions"]}
    posts = [(dt.date.fromisoformat(p["tenure"]["first"]), dt.date.fromisoformat(p["tenure"]["last"]),
              {names[f] for f in p["facilities"]}) for p in data["posts"]]
    first, last = min(p[0] for p in posts).replace(day=1), max(p[1] for p in posts)
    table = {}
    month = first
    while month <= last:
        after = (month + dt.timedelta(days=32)).replace(day=1)
        held = admitted = 0
        for row in data["held_during_tenure"]["detentions"]:
            came = dt.date.fromisoformat(row["admitted"])
            left = dt.date.fromisoformat(row["released"]) if row["released"] else None
            if row["detention"] in admitted_ids and month <= came < after:
                admitted += 1
            for start, end, facilities in posts:
                window_first, window_last = max(start, month), min(end, after - dt.timedelta(days=1))
                if row["facility"] in facilities and window_first <= window_last and came <= window_last and (
                        came >= window_first or (left and left >= window_first)
                        or (left is None and row["held_by_status"] is True)):
                    held += 1
                    break
        table[month.strftime("%Y-%m")] = (held, admitted)
        month = after
    return table


def page_months(text: str) -> dict[str, tuple[int, int]]:
    cells = re.findall(r'<th scope="row"><time datetime="(\d{4}-\d{2})">[^<]*</time></th>\s*<td>(.*?)</td>\s*'
                       r"<td>(.*?)</td>", text, re.S)
    number = lambda cell: int(re.sub(r"<[^>]+>|,", "", cell))  # noqa: E731
    return {month: (number(held), number(admitted)) for month, held, admitted in cells}


def test_every_count_links_to_exactly_the_rows_it_counts_for_a_researcher(client: Client, site: dict) -> None:
    data, official = site["json"], site["official"]
    client.force_login(make_user("reader", group="researcher"))
    text = client.get(f"/officials/{official.pk}/").content.decode()
    links = COUNT.findall(text)
    post_counts = [(p["admitted_during_tenure"], p["held_during_tenure"]) for p in data["posts"]]
    assert [int(n) for _, n in links[:2 * len(post_counts) + 2]] == [
        *[n for pair in post_counts for n in pair], data["admitted_during_tenure"]["count"],
        data["held_during_tenure"]["count"]]
    assert all(n > 0 for pair in post_counts for n in pair)
    for link, number in links:
        rows, listed = crawl(client, link)
        assert len(rows) == int(number.replace(",", "")), link
        assert f"{len(rows)} detention" in listed
        if "month=" not in link and "post=" not in link:
            which = "admitted_during_tenure" if "/admitted/" in link else "held_during_tenure"
            assert set(rows) == {d["detention"] for d in data[which]["detentions"]}, link
    assert "公开名" in listed and "隐名" not in listed  # a researcher sees names, of what they may open only
    assert PLANTED_ID not in listed and ADDRESS not in listed and PLANTED_ID[:6] in listed  # masked, region kept


def test_the_timeline_svg_and_table_agree_with_the_json(client: Client, site: dict) -> None:
    data, official = site["json"], site["official"]
    client.force_login(make_user("reader", group="researcher"))
    text = client.get(f"/officials/{official.pk}/").content.decode()
    svg = re.search(r'<svg class="timeline".*?</svg>', text, re.S).group(0)  # type: ignore[union-attr]
    assert "<script" not in text and 'direction="ltr"' in svg
    assert svg.count('<g class="post">') == len(data["posts"]) == 3
    want = monthly(data)
    assert page_months(text) == want
    assert sum(admitted for _, admitted in want.values()) == data["admitted_during_tenure"]["count"]
    busiest = max(want, key=lambda month: want[month][0])
    assert f"{busiest}: held {want[busiest][0]}, admitted {want[busiest][1]}" in svg  # the columns' titles
    assert svg.count('<rect class="held"') == sum(1 for held, _ in want.values() if held)
    assert want["2019-05"] == (0, 0)  # the gap in the career: nothing is counted there


def test_an_anonymous_crawl_finds_nothing_personal(client: Client, site: dict) -> None:
    data, official = site["json"], site["official"]
    text = client.get(f"/officials/{official.pk}/").content.decode()
    pages = [text]
    links = COUNT.findall(text)
    held = {d["detention"] for d in data["held_during_tenure"]["detentions"]}
    for link, number in links:
        rows, listed = crawl(client, link)
        assert len(rows) == int(number.replace(",", ""))
        assert not set(rows) & site["withheld"]  # rows of a withheld item are neither counted nor listed
        if link.endswith("/held/"):
            assert set(rows) == held - site["withheld"] and len(rows) < len(held)
        pages.append(listed)
    every = "".join(pages)
    assert len(pages) > 20
    assert not re.search(ID_NUMBER, every) and PLANTED_ID[6:] not in every and ADDRESS not in every
    assert "公开名" not in every and "隐名" not in every  # visitors see no name at all
    assert client.get(f"/officials/{official.pk}/detentions/held/?post=999999").status_code == 404
    assert client.get(f"/officials/{official.pk}/detentions/people/").status_code == 404
    assert client.get(f"/officials/{official.pk}/detentions/held/?month=2018-13").status_code == 404
    last = client.get(f"/officials/{official.pk}/detentions/held/?page=99999999999999999999999")
    assert last.status_code == 200 and 'rel="next"' not in last.content.decode()


def test_an_unpublished_collection_is_counted_for_no_visitor(client: Client, site: dict) -> None:
    Collection.objects.update(is_public=False)
    text = client.get(f"/officials/{site['official'].pk}/").content.decode()
    assert {n for _, n in COUNT.findall(text)} == {"0"} or not COUNT.findall(text)
    rows, listed = crawl(client, f"/officials/{site['official'].pk}/detentions/held/")
    assert rows == [] and "隐名" not in listed


@pytest.mark.parametrize(("language", "words"), [("ug", ["ۋاقىت ئوقى", "ۋەزىپە مۇددىتىدە قوبۇل قىلىنغان", 'dir="rtl"']),
                                                  ("zh-hans", ["时间线", "任期内收押", "当月在押"])])
def test_the_pages_render_translated(client: Client, site: dict, language: str, words: list[str]) -> None:
    official = site["official"]
    text = client.get(f"/officials/{official.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert all(word in text for word in words), language
    assert "Timeline" not in text and "Admitted during the tenure" not in text
    assert 'direction="ltr"' in text  # the time axis runs left to right in Uyghur too
    listed = client.get(f"/officials/{official.pk}/detentions/held/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("计入" if language == "zh-hans" else "سانالدى") in listed
