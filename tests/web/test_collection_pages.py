"""A published collection's page (verification score, findings by check, records and photo figures) and its
photo gallery (thumbnails, EXIF, ID numbers in file names masked); unknown or restricted ones are a plain 404."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.html import escape

from adalet.archive.models import Collection, Item
from adalet.verify.models import VerificationRun
from adalet.verify.titles import CHECK_TITLES
from tests.web.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def test_the_collection_page_shows_the_verification_and_the_figures(client: Client, published: Collection) -> None:
    summary = VerificationRun.objects.get(collection=published).summary
    page = client.get(f"/collections/{published.name}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Authenticity score: {round(100 * summary['score'])}%" in text
    # each check by its report title (English here), its key kept as the cell's title, with its count
    for check, count in summary["by_check"].items():
        assert f'<td title="{check}">{escape(CHECK_TITLES[check])}</td><td>{count}</td>' in text
    # coverage (photos without a record, without EXIF) apart from the score, in its own table
    coverage = summary["coverage"]["by_check"]
    assert coverage and not set(coverage) & set(summary["by_check"])
    apart = text.split("Coverage (what the leak holds; not part of the score)")[1]
    for check, count in coverage.items():
        assert f'<td title="{check}">{escape(CHECK_TITLES[check])}</td><td>{count}</td>' in apart
    figures = page.context["figures"]
    assert figures["people"] == 60 and figures["photos"] == 12 and 0 < figures["photos_linked"] <= 12
    assert 0 < figures["shown_detained"] <= figures["photos_linked"]
    assert "Demo leak &lt;b&gt;synthetic&lt;/b&gt;" in text and "<b>synthetic</b>" not in text


def test_the_gallery_masks_id_numbers_for_visitors_and_shows_exif(client: Client, published: Collection) -> None:
    text = client.get(f"/collections/{published.name}/photos/").content.decode()
    assert text.count("/thumbnails/") == 12 and "image.Model" in text
    assert "image.DateTime" in text
    assert not re.search(ID_NUMBER, text) and "••••" in text


def test_photos_of_people_stay_hidden_until_published_with_them(client: Client, published: Collection) -> None:
    published.photos_public = False
    published.save()
    text = client.get(f"/collections/{published.name}/photos/").content.decode()
    assert "/thumbnails/" not in text and "image.Model" in text  # the EXIF panel stays, faces do not
    photo = Item.objects.filter(collection=published, media_type="image/jpeg").first()
    assert client.get(f"/thumbnails/{photo.pk}").status_code == 404
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert client.get(f"/thumbnails/{photo.pk}").status_code == 200


def test_staff_see_full_file_names(client: Client, published: Collection) -> None:
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert re.search(ID_NUMBER, client.get(f"/collections/{published.name}/photos/").content.decode())


def test_the_gallery_is_paginated(client: Client, published: Collection, settings) -> None:
    from adalet.web import collection_pages

    collection_pages.PHOTOS_PER_PAGE, saved = 5, collection_pages.PHOTOS_PER_PAGE
    try:
        second = client.get(f"/collections/{published.name}/photos/", {"page": 3}).content.decode()
    finally:
        collection_pages.PHOTOS_PER_PAGE = saved
    assert second.count("/thumbnails/") == 2 and "Page 3 of 3" in second and 'rel="prev"' in second


def test_unknown_and_restricted_collections_are_a_plain_404(client: Client, published: Collection) -> None:
    for url in ("/collections/no-such/", "/collections/no-such/photos/", "/thumbnails/999999", "/nowhere"):
        page = client.get(url)
        assert page.status_code == 404 and "Not found" in page.content.decode() and "Traceback" not in page.content.decode()
    published.is_public = False
    published.save()
    assert client.get(f"/collections/{published.name}/").status_code == 404
    assert client.get(f"/collections/{published.name}/photos/").status_code == 404
