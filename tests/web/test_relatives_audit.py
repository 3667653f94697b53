"""What the custody log keeps of a relative search: that it happened, how many cards were shown, and a keyed hash
of the query (HMAC-SHA256; the key is ADALET_AUDIT_QUERY_KEY, else derived from SECRET_KEY for this purpose alone).
An auditor holding the key can check a given query; nobody can read one."""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from adalet.archive import custody
from adalet.archive.models import CustodyRecord
from adalet.lib.personal import index_key
from adalet.web.relatives import audit_key, canonical_query, query_hash, searches_matching
from tests.web.relatives_fixtures import LATIN, NAME, Family, make_family

pytestmark = pytest.mark.django_db
_addresses = itertools.count(1)


@pytest.fixture
def family(db: None) -> Family:
    return make_family()


def search(client: Client, **fields: object) -> CustodyRecord:
    n = next(_addresses)
    before = CustodyRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    assert client.post("/relatives/", fields, REMOTE_ADDR=f"198.51.100.{n % 250 + 1}").status_code == 200
    return CustodyRecord.objects.get(seq__gt=before, action="relative-search")


def test_the_log_keeps_that_a_search_happened_the_cards_and_a_keyed_hash_and_nothing_of_the_query(
    client: Client, family: Family
) -> None:
    record = search(client, name=NAME, birth_year=1980, county="Konasheher")
    detail = custody.record_detail(record)
    assert record.subject == "relative-search" and record.actor == "anonymous"
    assert detail["cards"] == 1 and detail["hash"] == "hmac-sha256/relative-search-query/v1"
    assert set(detail) == {"cards", "query_hmac", "hash", "key", "key_id"} and len(detail["query_hmac"]) == 64
    text = json.dumps(json.loads(record.body), ensure_ascii=False)
    for kept in (NAME, "艾尔肯", "阿不力孜", "Konasheher", "疏附", "Shufu", "198.51.100"):
        assert kept not in text
    assert 1980 not in _values(json.loads(record.body)) and "1980" not in _values(json.loads(record.body))
    head = custody.head()
    assert head is not None
    custody._write_witness(head.seq, head.digest)  # what the commit does (the test's transaction never commits)
    assert list(custody.verify_chain()) == []  # on the chain like any record


def test_an_auditor_with_the_key_can_check_a_given_query(client: Client, family: Family) -> None:
    record = search(client, name=NAME, birth_year=1980, county="疏附县")
    other = search(client, name=LATIN, birth_year=1981, around="on")
    # the query as typed, or spelled with another case, spacing or county spelling: the same search
    for name, county in ((NAME, "疏附县"), (f"  {NAME} ", "كونا شەھەر ناھىيىسى"), (NAME, "Shufu County")):
        assert searches_matching(name, 1980, county) == [record]
    assert searches_matching("erkin   ABLIZ", 1981, around=True) == [other]
    # any other query: not found
    assert searches_matching(NAME, 1980) == []  # no county
    assert searches_matching(NAME, 1981, "疏附县") == []
    assert searches_matching(NAME, 1980, "疏勒县") == []
    assert searches_matching(LATIN, 1981) == []  # without the ±1
    assert searches_matching(NAME, 1980, "疏附县", key=b"another key") == []  # not without the key


def test_the_hash_is_an_hmac_of_the_query_with_the_setting_key_or_one_derived_for_this_purpose(
    client: Client, family: Family, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADALET_AUDIT_QUERY_KEY", raising=False)
    derived, origin = audit_key()
    assert origin == "SECRET_KEY" and derived not in (index_key(), settings.SECRET_KEY.encode())
    assert derived == hmac.new(settings.SECRET_KEY.encode(), b"adalet/relative-search-query", hashlib.sha256).digest()
    before = search(client, name=NAME, birth_year=1980)

    settings.ADALET_AUDIT_QUERY_KEY = "held apart by the auditor"
    record = search(client, name=NAME, birth_year=1980)
    detail = custody.record_detail(record)
    query = {"around": False, "birth_year": 1980, "counties": [], "name": NAME, "v": 1}
    expected = hmac.new(b"held apart by the auditor", json.dumps(query, ensure_ascii=False, sort_keys=True,
                        separators=(",", ":")).encode(), hashlib.sha256).hexdigest()
    assert canonical_query(NAME, 1980) == json.dumps(query, ensure_ascii=False, sort_keys=True,
                                                      separators=(",", ":")).encode()
    assert detail["key"] == "ADALET_AUDIT_QUERY_KEY" and detail["query_hmac"] == expected
    assert detail["query_hmac"] != custody.record_detail(before)["query_hmac"]  # the key changed, so did the hash
    assert detail["key_id"] != custody.record_detail(before)["key_id"]  # and the record says so
    assert searches_matching(NAME, 1980) == [record]
    assert searches_matching(NAME, 1980, key=derived) == [before]
    assert query_hash(NAME, 1980, key=b"held apart by the auditor") == expected


def test_the_audit_command_lists_the_searches_of_a_query(
    client: Client, family: Family, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ADALET_AUDIT_QUERY_KEY = "the auditor's key"
    record = search(client, name=NAME, birth_year=1980, county="Payzawat")
    key_file = tmp_path / "audit.key"
    key_file.write_text("the auditor's key\n", encoding="utf-8")
    del settings.ADALET_AUDIT_QUERY_KEY
    monkeypatch.delenv("ADALET_AUDIT_QUERY_KEY", raising=False)
    out = io.StringIO()
    call_command("relative_search_audit", name=NAME, birth_year=1980, county="伽师县", key_file=key_file, stdout=out)
    assert f"#{record.seq} " in out.getvalue() and "1 relative search(es) match this query" in out.getvalue()
    out = io.StringIO()
    call_command("relative_search_audit", name=NAME, birth_year=1980, county="伽师县", stdout=out)  # the site's key
    assert "0 relative search(es) match" in out.getvalue() and "hashed with another key" in out.getvalue()
    monkeypatch.setattr("sys.stdin", io.StringIO(NAME + "\n"))
    out = io.StringIO()
    call_command("relative_search_audit", name="-", birth_year=1980, county="Payzawat", key_file=key_file, stdout=out)
    assert "1 relative search(es) match" in out.getvalue()


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for k, item in value.items() for v in [k, *_values(item)]]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    return [value]
