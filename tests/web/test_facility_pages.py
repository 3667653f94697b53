"""The facility map (/facilities/): ASPI's facilities as an SVG plot of longitude and latitude with a marker per tier,
the same data as a table, ASPI cited; the facilities the open collections' records name, with detention counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from adalet.people.facilities import import_aspi
from adalet.people.models import Detention
from adalet.web.facility_pages import HEIGHT, WIDTH, inside, marker, project
from tests.people.test_facilities import write_aspi
from tests.web.conftest import build_leak

pytestmark = pytest.mark.django_db


def test_the_projection_keeps_east_right_and_north_up() -> None:
    urumqi, kashgar, altay = project(87.62, 43.83), project(75.99, 39.47), project(88.14, 47.85)
    assert kashgar[0] < urumqi[0] and altay[1] < urumqi[1]
    assert all(0 < x < WIDTH and 0 < y < HEIGHT for x, y in (urumqi, kashgar, altay))
    assert not inside(116.4, 39.9)  # Beijing is off the plot
    assert marker(1, 10, 10)["shape"] == "circle" and len(marker(4, 10, 10)["points"].split()) == 4


def test_the_map_plots_every_facility_with_its_tier_and_a_table_of_the_same_data(client: Client, tmp_path: Path) -> None:
    import_aspi(write_aspi(tmp_path / "CampDataset_v1.csv"), actor="tester")
    page = client.get("/facilities/")
    text = page.content.decode()
    assert page.status_code == 200
    svg = text[text.index("<svg class=\"map\""):text.index("</svg>")]
    assert len(re.findall(r'<g class="facility tier-', svg)) == 3
    assert 'class="facility tier-4"><title>Dabancheng Facility #1 — Urumqi, Dabancheng, tier 4</title><polygon' in svg
    assert 'class="facility tier-1"><title>Tekes Facility #1' in svg and "<circle" in svg
    table = text[text.index('<details class="facility-table">'):]
    assert "<th scope=\"row\" dir=\"auto\">Dabancheng Facility #1</th>" in table and "43.3573" in table and "88.3097" in table
    assert "Australian Strategic Policy Institute (ASPI)" in text and 'href="https://xjdp.aspi.org.au/"' in text
    assert "Tier 4: 1" in re.sub(r"\s+", " ", text)
    assert "style=" not in text and "<script" not in text


def test_facilities_named_in_the_records_come_with_their_detention_counts(client: Client, tmp_path: Path) -> None:
    shown = build_leak(tmp_path / "a", "shown")
    text = client.get("/facilities/").content.decode()
    assert "No facility dataset has been imported yet" in text
    for facility in Detention.objects.filter(person__collection=shown).values_list("facility__name", flat=True).distinct():
        records = Detention.objects.filter(person__collection=shown, facility__name=facility).count()
        # the name in characters marked as Chinese on an English page; the kind with what it means (issue 21)
        assert re.search(rf'<th scope="row"><bdi dir="ltr" lang="zh-Hans">{facility}</bdi></th><td>.*?</td><td>{records}</td>',
                         text)


def test_restricted_collections_add_nothing_to_the_counts(client: Client, tmp_path: Path) -> None:
    build_leak(tmp_path / "b", "hidden", public=False)
    assert "No published collection names a facility yet." in client.get("/facilities/").content.decode()


def test_the_map_page_is_translated(client: Client, tmp_path: Path) -> None:
    import_aspi(write_aspi(tmp_path / "CampDataset_v1.csv"), actor="tester")
    client.post("/i18n/setlang/", {"language": "ug", "next": "/"})
    text = client.get("/facilities/").content.decode()
    assert 'dir="rtl"' in text and "قاماق ئورۇنلىرى" in text and "ئۈرۈمچى" in text
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "拘押设施" in client.get("/facilities/").content.decode()
