"""A collection's statistics page: SVG bars and tables of held detentions by facility, age band and sex, aggregates
only (no name, no ID number); a 404 for collections the visitor may not open; numbers in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from adalet.archive.models import Collection
from adalet.people.models import Person
from adalet.people.statistics import detention_statistics
from adalet.web.stats_pages import bars
from adalet.web.templatetags.localized import decimals, grouped, partial_date
from tests.web.conftest import ID_NUMBER, build_leak

pytestmark = pytest.mark.django_db


def test_the_page_draws_a_bar_and_a_table_row_for_every_count(client: Client, published: Collection) -> None:
    stats = detention_statistics(published.pk)
    page = client.get(f"/collections/{published.name}/statistics/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('<rect class="bar-fill"') == len(stats.by_facility) + len(stats.by_age_band) + len(stats.by_sex)
    largest = max(stats.by_facility.values())
    tops = sum(list(c.values()).count(max(c.values())) for c in (stats.by_facility, stats.by_age_band, stats.by_sex))
    assert text.count('width="100.0"') == tops  # the largest bars of each chart fill their track
    facility, count = next(iter(stats.by_facility.items()))
    assert f'<th scope="row" dir="auto">{facility}</th><td>{count}</td>' in text and count == largest
    assert f"<dt>Recorded as held</dt><dd>{stats.held}</dd>" in text
    assert "<th scope=\"row\" dir=\"auto\">male</th>" in text


def test_aggregates_only_no_name_and_no_id_number(client: Client, published: Collection) -> None:
    text = client.get(f"/collections/{published.name}/statistics/").content.decode()
    assert not re.search(ID_NUMBER, text)
    assert not any(name in text for name in Person.objects.filter(collection=published).values_list("name", flat=True))
    assert "style=" not in text and "<script" not in text


def test_restricted_and_unknown_collections_are_a_404(client: Client, tmp_path: Path) -> None:
    build_leak(tmp_path / "leak", "closed", public=False)
    assert client.get("/collections/closed/statistics/").status_code == 404
    assert client.get("/collections/nothing/statistics/").status_code == 404


def test_the_page_is_translated(client: Client, published: Collection) -> None:
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    text = client.get(f"/collections/{published.name}/statistics/").content.decode()
    assert "按关押场所统计的拘押记录" in text and "男" in text
    client.post("/i18n/setlang/", {"language": "ug", "next": "/"})
    assert "ستاتىستىكا" in client.get(f"/collections/{published.name}/statistics/").content.decode()


def test_bars_are_relative_to_the_largest_and_shares_to_the_total() -> None:
    drawn = bars({"a": 30, "b": 15, "unknown": 5}, 50, "not known")
    assert [(b["label"], b["width"], b["percent"]) for b in drawn] == [("a", "100.0", 60), ("b", "50.0", 30), ("not known", "16.7", 10)]


def test_numbers_and_dates_follow_the_language() -> None:
    with translation.override("en"):
        assert grouped(1234567) == "1,234,567" and decimals(43.35731, 4) == "43.3573"
        assert partial_date("2016-08") == "August 2016" and partial_date("1955") == "1955"
    with translation.override("zh-hans"):
        assert partial_date("2016-08") == "2016年8月" and partial_date("2020-07-09") == "2020年7月9日"
    with translation.override("ug"):
        assert grouped(1234567) == "1,234,567" and partial_date("2016-08") != "2016-08"
    assert grouped("text") == "text" and partial_date("around 2016") == "around 2016"
