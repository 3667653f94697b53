"""The page cache: anonymous public pages are stored and served again until a committed write changes what they
show; nothing private is stored or served from it. These tests commit (transaction=True), as the site does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from adalet import changes
from adalet.archive.models import Collection
from tests.web.conftest import build_leak

# available_apps: the flush after each test truncates with CASCADE (see tests/web/test_browser.py)
pytestmark = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
SEARCH = f"/search?q={quote('公安局')}"


@pytest.fixture
def leak(tmp_path: Path) -> Collection:
    return build_leak(tmp_path / "leak")


def cache_state(client: Client, path: str, **headers: str) -> tuple[str | None, bytes]:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response.get("X-Adalet-Cache"), response.content


def test_a_public_page_is_served_from_the_cache_the_second_time(leak: Collection) -> None:
    client = Client()
    for path in ("/", SEARCH, "/api/search?q=Canon", "/api/collections", f"/collections/{leak.name}/"):
        first, body = cache_state(client, path)
        second, again = cache_state(client, path)
        assert (first, second) == ("miss", "hit"), path
        assert again == body


def test_unpublishing_a_collection_takes_its_pages_out_at_once(leak: Collection) -> None:
    client = Client()
    cache_state(client, SEARCH)
    cache_state(client, "/api/collections")
    state, body = cache_state(client, SEARCH)
    assert state == "hit" and b'class="hit"' in body
    assert cache_state(client, "/api/collections")[0] == "hit"
    leak.is_public = False
    leak.save()  # a committed write to archive_collection
    state, body = cache_state(client, SEARCH)
    assert state == "miss"
    assert b'class="hit"' not in body and "Nothing matches." in body.decode()
    assert cache_state(client, "/api/collections") == ("miss", b"[]")


def test_a_bulk_write_and_a_raw_statement_renew_the_generation(leak: Collection) -> None:
    before = changes.generation()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_collection SET title = %s WHERE id = %s", ["Renamed", leak.pk])
    assert changes.generation() != before
    before = changes.generation()
    Collection.objects.filter(pk=leak.pk).update(title="Renamed again")
    assert changes.generation() != before


def test_renewal_waits_for_the_commit_and_a_rollback_renews_nothing(leak: Collection) -> None:
    before = changes.generation()
    with transaction.atomic():
        Collection.objects.filter(pk=leak.pk).update(title="Inside")
        Collection.objects.filter(pk=leak.pk).update(title="Inside twice")
        assert changes.generation() == before  # readers still see the committed data: still current
    after = changes.generation()
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        Collection.objects.filter(pk=leak.pk).update(title="Never")
        raise RuntimeError
    assert changes.generation() == after


def test_writes_to_other_tables_do_not_empty_the_cache(leak: Collection) -> None:
    before = changes.generation()
    User.objects.create_user("visitor-counter", password="x" * 12)
    from adalet.archive import custody

    custody.append("relative-search", actor="anonymous", subject="audited read")
    assert changes.generation() == before


def test_signed_in_users_neither_read_nor_fill_the_cache(leak: Collection) -> None:
    anonymous = Client()
    cache_state(anonymous, SEARCH)
    researcher = User.objects.create_superuser("researcher", password="a long enough password")
    client = Client()
    client.force_login(researcher)
    state, body = cache_state(client, SEARCH)
    assert state is None  # not served from, and not stored in, the cache
    assert b"Sign out" in body
    state, body = cache_state(anonymous, SEARCH)
    assert state == "hit" and b"Sign out" not in body


def test_the_language_is_part_of_the_key(leak: Collection) -> None:
    client = Client()
    cache_state(client, "/")
    english = cache_state(client, "/")
    uyghur = cache_state(client, "/", HTTP_ACCEPT_LANGUAGE="ug")
    assert english[0] == "hit" and uyghur[0] == "miss"
    assert b'<html lang="ug" dir="rtl">' in uyghur[1] and b'<html lang="en" dir="ltr">' in english[1]
    client.cookies["django_language"] = "zh-hans"
    chinese = cache_state(client, "/")
    assert chinese[0] == "miss" and b'<html lang="zh-hans"' in chinese[1]


def test_each_host_name_has_its_own_pages(leak: Collection) -> None:
    client = Client(HTTP_HOST="localhost")
    cache_state(client, "/")
    assert cache_state(client, "/")[0] == "hit"
    assert cache_state(Client(HTTP_HOST="127.0.0.1"), "/")[0] == "miss"


def test_a_visitor_with_other_cookies_or_a_token_gets_a_fresh_page(leak: Collection) -> None:
    client = Client()
    cache_state(client, SEARCH)
    assert cache_state(client, SEARCH)[0] == "hit"
    client.cookies["messages"] = "anything"
    assert cache_state(client, SEARCH)[0] is None
    assert Client().get("/api/collections", HTTP_AUTHORIZATION="Bearer adt_wrong").status_code == 401


def test_pages_not_marked_public_are_never_stored(leak: Collection) -> None:
    client = Client()
    for path in ("/relatives/", "/login/"):
        client.get(path)
        assert client.get(path).get("X-Adalet-Cache") is None, path
    assert client.get("/search?q=").get("X-Adalet-Cache") == "miss"  # the empty search page is public too


def test_every_page_sets_no_cookie_for_an_anonymous_visitor(leak: Collection) -> None:
    """The language switch carries no CSRF token, so public pages set no cookie and can be shared."""
    response = Client().get("/")
    assert not response.cookies
    switched = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "ug", "next": "/"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "ug"


def test_a_cache_that_lost_its_token_serves_nothing_old(leak: Collection) -> None:
    from django.core.cache import cache

    client = Client()
    cache_state(client, "/")
    assert cache_state(client, "/")[0] == "hit"
    cache.delete(changes.generation_key())
    assert cache_state(client, "/")[0] == "miss"


def test_the_cache_can_be_turned_off(leak: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_PAGE_CACHE_SECONDS", "0")
    client = Client()
    client.get("/")
    assert client.get("/").get("X-Adalet-Cache") is None


def test_statement_classification() -> None:
    assert changes.writes_watched('INSERT INTO "archive_item" ("a") VALUES (%s)')
    assert changes.writes_watched('  update "people_person" SET x = 1')
    assert changes.writes_watched('DELETE FROM "sanctions_designation" WHERE 1')
    assert changes.writes_watched('WITH x AS (SELECT 1) INSERT INTO "verify_findingrecord" SELECT * FROM x')
    assert changes.writes_watched('TRUNCATE "archive_passage", "archive_item"')
    assert not changes.writes_watched('SELECT * FROM "archive_item" WHERE name = \'UPDATE archive_item\'')
    assert not changes.writes_watched('INSERT INTO "archive_custodyrecord" ("a") VALUES (%s)')
    assert not changes.writes_watched('INSERT INTO "campaigns_ratecounter" ("key") VALUES (%s) ON CONFLICT ("key") '
                                      'DO UPDATE SET "count" = 1')
    assert not changes.writes_watched('INSERT INTO "django_session" ("a") VALUES (%s)')


def test_published_collections_are_read_again_only_after_a_write(leak: Collection,
                                                                  django_assert_num_queries: object) -> None:
    from adalet.web.privacy import published_collection_ids

    assert published_collection_ids() == [leak.pk]
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert published_collection_ids() == [leak.pk]
    Collection.objects.filter(pk=leak.pk).update(is_public=False)
    assert published_collection_ids() == []
    with transaction.atomic():  # uncommitted writes: always read
        Collection.objects.filter(pk=leak.pk).update(is_public=True)
        assert published_collection_ids() == [leak.pk]
        transaction.set_rollback(True)
    assert published_collection_ids() == []
