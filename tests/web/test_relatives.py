"""Relative search: a name in any script and a birth year find published records only, shown as minimal cards,
every query audited with the client as a salted hash, rate-limited per client."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from adalet.archive import custody
from adalet.archive.models import Collection, CustodyRecord
from adalet.names import variants
from adalet.people.models import Person
from adalet.web.relatives import UnknownCounty, UnusableName, check_name, county_of, find_relatives, query_hash
from tests.web.conftest import ID_NUMBER, photographed_person

pytestmark = pytest.mark.django_db


def test_a_latin_spelling_finds_the_record_written_in_characters(published: Collection) -> None:
    person = photographed_person(published)
    latin = variants(person.name)[0]
    cards = find_relatives(latin, person.birth_date.year)
    assert cards and cards[0].person_id == person.pk and cards[0].name == person.name
    assert cards[0].score >= 0.8 and len(cards) <= 5
    assert cards[0].county and cards[0].county in person.address and cards[0].county != person.address
    assert cards[0].photo_item_id is not None


def test_the_uyghur_arabic_spelling_and_the_county_narrow_to_the_same_record(published: Collection) -> None:
    person = photographed_person(published)
    arabic = next(v for v in variants(person.name) if re.search(r"[\u0600-\u06FF]", v))
    county = county_of(person.address)
    assert find_relatives(arabic, person.birth_date.year, county)[0].person_id == person.pk
    with pytest.raises(UnknownCounty):
        find_relatives(arabic, person.birth_date.year, "不存在县")


def test_a_card_shows_the_photo_only_when_the_photos_are_published(published: Collection) -> None:
    person = photographed_person(published)
    published.photos_public = False
    published.save()
    cards = find_relatives(person.name, person.birth_date.year)
    assert cards and cards[0].person_id == person.pk and cards[0].photo_item_id is None


def test_another_birth_year_or_an_unpublished_collection_finds_nothing(published: Collection) -> None:
    person = photographed_person(published)
    assert not find_relatives(person.name, person.birth_date.year + 3)
    published.is_public = False
    published.save()
    assert not find_relatives(person.name, person.birth_date.year)


def test_wildcards_single_letters_and_empty_names_are_refused() -> None:
    for name in ("", " ", "a", "阿", "*", "a*", "%", "Erk%", "??", "12"):
        with pytest.raises(UnusableName):
            check_name(name)
    assert check_name("  Erkin   Tuniyaz ") == "Erkin Tuniyaz"


def test_county_is_read_from_the_address() -> None:
    assert county_of("新疆维吾尔自治区伊犁哈萨克自治州特克斯县喀拉托海镇13村1组71号") == "特克斯县"
    assert county_of("新疆维吾尔自治区喀什地区疏附县托克扎克镇") == "疏附县"
    assert county_of("") == ""


def test_the_page_shows_minimal_cards_and_audits_the_query(client: Client, published: Collection) -> None:
    person = photographed_person(published)
    page = client.post("/relatives/", {"name": variants(person.name)[0], "birth_year": person.birth_date.year})
    text = page.content.decode()
    assert page.status_code == 200 and person.name in text and county_of(person.address) in text
    assert not re.search(ID_NUMBER, text) and person.address not in text
    assert "/thumbnails/" in text
    record = CustodyRecord.objects.get(action="relative-search")
    detail = custody.record_detail(record)
    assert set(detail) == {"cards", "query_hmac", "hash", "key", "key_id"} and detail["cards"] >= 1
    assert detail["query_hmac"] == query_hash(variants(person.name)[0], person.birth_date.year)
    assert "127.0.0.1" not in record.body and record.subject == "relative-search"


def test_thumbnails_of_an_unpublished_collection_are_not_served(client: Client, published: Collection) -> None:
    person = photographed_person(published)
    photo = person.photo_links.first().photo_id
    assert client.get(f"/thumbnails/{photo}")["Content-Type"] == "image/jpeg"
    published.is_public = False
    published.save()
    assert client.get(f"/thumbnails/{photo}").status_code == 404


def test_an_unusable_name_gets_a_clear_message_and_no_search(client: Client, published: Collection) -> None:
    page = client.post("/relatives/", {"name": "*", "birth_year": 1980}).content.decode()
    assert "at least two letters" in page
    assert not CustodyRecord.objects.filter(action="relative-search").exists()
    assert "This field is required" in client.post("/relatives/", {"name": "Erkin Tuniyaz"}).content.decode()


def test_each_client_may_search_ten_times_a_minute(client: Client, published: Collection) -> None:
    query = {"name": "Erkin Tuniyaz", "birth_year": 1980}
    assert all(client.post("/relatives/", query).status_code == 200 for _ in range(10))
    refused = client.post("/relatives/", query)
    assert refused.status_code == 429 and "wait a minute" in refused.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").post("/relatives/", query).status_code == 200
    assert CustodyRecord.objects.filter(action="relative-search").count() == 11


def test_matching_narrows_by_birth_year_before_comparing_names(published: Collection, django_assert_max_num_queries) -> None:
    person = Person.objects.filter(collection=published, birth_date__isnull=False).first()
    with django_assert_max_num_queries(1 + 3 * 5):
        find_relatives(person.name, person.birth_date.year)
