"""Signers at risk: a withheld name never appears on public pages (only counted), a name appears only after its
owner confirms, emails are never public, client IPs are stored only as salted hashes."""

from __future__ import annotations

from django.test import Client

from adalet.campaigns import delivery
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, known, sign


def test_withheld_names_are_counted_but_never_shown(client: Client, letter: Letter) -> None:
    sign(client, name="Visible Person", email="v@example.org")
    confirm_last(client)
    sign(client, name="Recipients Only", email="r@example.org", visibility="recipients", affiliation="Secret Lab")
    confirm_last(client)
    sign(client, name="Nobody Knows", email="n@example.org", visibility="hidden")
    confirm_last(client)
    known()
    sign(client, "organization", visibility="hidden")
    confirm_last(client)
    for path in ["/letters/letter-2022/", "/letters/", "/letters/letter-2022/thanks/"]:
        page = client.get(path).content.decode()
        for secret in ["Recipients Only", "Secret Lab", "Nobody Knows", "Uyghur Rights Watch", "@example.org"]:
            assert secret not in page, (path, secret)
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Visible Person" in page and "2 names withheld" in page and "1 organization with its name withheld" in page
    assert 'id="count-individuals">3<' in page and 'id="count-organizations">1<' in page
    names = [row["name"] for row in delivery.rows(letter)]
    assert "Recipients Only" in names and "Nobody Knows" not in names and names.count("Name withheld") == 2


def test_client_ips_are_stored_only_as_salted_hashes(client: Client, letter: Letter) -> None:
    sign(client, ip="203.0.113.7")
    stored = Signature.objects.get()
    assert stored.ip_hash and "203.0.113" not in str(Signature.objects.values().get())
    assert len(stored.ip_hash) == 32


def test_signing_pages_load_nothing_from_elsewhere(client: Client, letter: Letter) -> None:
    page = client.get("/letters/letter-2022/").content.decode()
    assert "<script" not in page.replace("&lt;script", "")
    assert "//" not in "".join(part.split('"')[0] for part in page.split('src="')[1:])
    assert "fonts.googleapis" not in page and "captcha" not in page.lower()
