"""The site offers each published collection's bundle (built by a background task, kept in the blob store by its
checkpoint) and, on a relative-search card, that record's extract; both verify with the bundle's own verifier."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_tasks_db.models import DBTaskResult

from adalet.archive import custody
from adalet.archive.models import Collection, Item
from adalet.bundles import store, verifier
from adalet.bundles.tasks import build_site_bundle
from adalet.people.models import Person
from tests.web.conftest import build_leak, photographed_person

# committed, as the site is (the bundle task and the page cache run after commit); available_apps: the flush after
# each test truncates with CASCADE (see tests/web/test_browser.py), which PostgreSQL needs
pytestmark = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))


def unzip(data: bytes, where: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(where)
    return where


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    return build_leak(tmp_path / "leak")


def test_the_bundle_is_queued_then_offered_and_verifies(client: Client, collection: Collection, tmp_path: Path) -> None:
    page = client.get(f"/collections/{collection.name}/").content.decode()
    assert "Verifiable bundle" in page and "Not built yet" in page
    assert "تەكشۈرگىلى بولىدىغان بوغچا" in client.get(f"/collections/{collection.name}/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert "可核验的数据包" in client.get(f"/collections/{collection.name}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    waiting = client.get(f"/collections/{collection.name}/bundle.zip")
    assert waiting.status_code == 503 and waiting["Retry-After"]
    assert DBTaskResult.objects.filter(task_path__endswith="build_site_bundle").count() == 1
    client.get(f"/collections/{collection.name}/bundle.zip")
    assert DBTaskResult.objects.filter(task_path__endswith="build_site_bundle").count() == 1  # one build at a time

    assert build_site_bundle.call(collection.pk)["built"] is True
    made = store.latest(collection)
    assert made is not None and (store.folder(collection.pk) / f"{made.tree_size}-{made.root}.json").is_file()
    page = client.get(f"/collections/{collection.name}/").content.decode()
    root = base64.b64encode(bytes.fromhex(made.root)).decode()  # as the checkpoint's third line writes it
    assert f"{made.tree_size} entries, root {root}" in page and made.key in page
    bundle_verifier = zipfile.ZipFile(made.path).read("verify/verify.py")
    digest = hashlib.sha256(bundle_verifier).hexdigest()  # the verifier's hash, to compare a copy with
    assert " ".join(digest[i : i + 8] for i in range(0, 64, 8)) in page
    response = client.get(f"/collections/{collection.name}/bundle.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = unzip(b"".join(response.streaming_content), tmp_path / "downloaded")
    assert verifier.verify(str(bundle)).startswith(f"OK: {made.origin}: {made.tree_size} leaves")


def test_a_stale_bundle_is_still_offered_and_a_new_one_extends_it(client: Client, collection: Collection,
                                                                   tmp_path: Path) -> None:
    build_site_bundle.call(collection.pk)
    first = store.latest(collection)
    assert first is not None and first.extends is None
    custody.append("publish", actor="test", subject=collection.name, detail={})  # the collection moved on
    response = client.get(f"/collections/{collection.name}/bundle.zip")
    assert response.status_code == 200  # the last signed snapshot, meanwhile
    assert DBTaskResult.objects.filter(task_path__endswith="build_site_bundle").count() == 1
    build_site_bundle.call(collection.pk)
    second = store.latest(collection)
    assert second is not None and second.extends == first.tree_size
    old = unzip(first.path.read_bytes(), tmp_path / "old")
    new = unzip(second.path.read_bytes(), tmp_path / "new")
    assert "extends the tree" in verifier.verify(str(new), str(old))


def test_a_card_offers_its_records_extract_which_verifies_alone(client: Client, collection: Collection,
                                                                 tmp_path: Path) -> None:
    build_site_bundle.call(collection.pk)
    person = photographed_person(collection)
    page = client.post("/relatives/", {"name": person.name, "birth_year": person.birth_date.year},
                       REMOTE_ADDR="203.0.113.9").content.decode()
    link = f"/relatives/{person.pk}/extract.zip"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    extract = unzip(response.content, tmp_path / "extract")
    assert "leaf" in verifier.verify(str(extract))
    record = json.loads((extract / "data" / "record.jsonl").read_text(encoding="utf-8"))
    assert record["name"] == person.name and record["birth_year"] == person.birth_date.year
    assert person.id_number not in response.content.decode("latin-1")


def test_no_bundle_or_extract_of_what_a_visitor_may_not_see(client: Client, collection: Collection) -> None:
    build_site_bundle.call(collection.pk)
    person = photographed_person(collection)
    Item.objects.filter(pk=person.source.item_id).update(withheld=True)
    assert client.get(f"/relatives/{person.pk}/extract.zip").status_code == 404
    Item.objects.filter(pk=person.source.item_id).update(withheld=False)
    assert client.get(f"/relatives/{person.pk}/extract.zip").status_code == 200
    Collection.objects.filter(pk=collection.pk).update(is_public=False)
    assert client.get(f"/collections/{collection.name}/bundle.zip").status_code == 404
    assert client.get(f"/relatives/{person.pk}/extract.zip").status_code == 404
    assert client.get("/relatives/999999/extract.zip").status_code == 404
    assert Person.objects.filter(pk=person.pk).exists()
