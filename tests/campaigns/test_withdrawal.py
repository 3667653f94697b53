"""A signer withdraws by the link before the deadline: the signature stops counting and its data is erased."""

from __future__ import annotations

from datetime import datetime

from django.test import Client

from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import NEW_YORK, Clock, confirm_last, link, sign


def test_withdrawing_before_the_deadline(client: Client, letter: Letter) -> None:
    sign(client)
    confirm_last(client)
    path = link("withdraw")
    assert "Withdraw my signature" in client.get(path).content.decode()
    assert Signature.objects.get().state == "confirmed"  # opening the link alone does nothing
    assert "withdrawn" in client.post(path).content.decode()
    signature = Signature.objects.get()
    assert signature.state == "withdrawn" and signature.name == "" and signature.email == ""
    page = client.get("/letters/letter-2022/").content.decode()
    assert "Ayşe Demir" not in page and 'id="count-individuals">0<' in page
    assert client.get(path).status_code == 404  # the link is spent
    assert sign(client).status_code == 302 and Signature.objects.filter(state="pending").count() == 1


def test_no_withdrawal_after_the_deadline(client: Client, letter: Letter, clock: Clock) -> None:
    sign(client)
    confirm_last(client)
    clock.set(datetime(2022, 8, 6, 0, 0, tzinfo=NEW_YORK))
    response = client.post(link("withdraw"))
    assert response.status_code == 400 and "closed" in response.content.decode()
    assert Signature.objects.get().state == "confirmed"
