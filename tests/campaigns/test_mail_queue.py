"""Confirmation emails leave the signing request: the signature is stored with its email due, a worker sends what is
due in batches (adalet worker, on the database task queue here), each email once, and a failing mail server loses
nothing. So does the notice to a mailbox that tries to sign again: one email due per signature at most. The other
campaign tests send at once (the immediate task backend); these run the real queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from adalet.campaigns import notices
from adalet.campaigns.models import ConfirmationDue, Letter, Signature
from tests.campaigns.conftest import link, sign

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class DownMailServer:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def queued(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.ADALET_MAIL_BATCH_SECONDS = 0  # due at once, so a burst worker takes the batch
    monkeypatch.setitem(notices._asked, "at", float("-inf"))


def work() -> None:
    """What a worker does with each queued task that is due: claim it, run it, record the outcome (the worker loop
    itself, which closes database connections between tasks, is run as a process in tests/archive/test_cli.py)."""
    while (queued := DBTaskResult.objects.ready().get_locked()) is not None:
        queued.claim("test-worker")
        args = queued.args_kwargs
        queued.set_successful(queued.task.call(*args["args"], **args["kwargs"]))


def test_signing_stores_the_email_due_and_a_worker_sends_it(client: Client, letter: Letter, queued: None) -> None:
    assert sign(client).status_code == 302
    signature = Signature.objects.get()
    assert ConfirmationDue.objects.get(signature=signature).again is False and not mail.outbox  # nothing sent yet
    assert DBTaskResult.objects.count() == 1
    work()
    assert [m.to for m in mail.outbox] == [["ayse.demir@example.edu"]]
    assert not ConfirmationDue.objects.exists()
    assert "Please confirm" in mail.outbox[0].subject and client.get(link()).status_code == 200
    work()
    assert len(mail.outbox) == 1  # sent once


def test_one_batch_for_many_signatures(client: Client, letter: Letter, queued: None, settings: Any) -> None:
    settings.ADALET_MAIL_BATCH_SECONDS = 3600  # one process asks once per window: the batch is deferred past it
    for i in range(3):
        assert sign(client, email=f"signer{i}@example.edu", name=f"Signer {i}").status_code == 302
    assert DBTaskResult.objects.count() == 1
    assert notices.send_due_confirmations() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"signer{i}@example.edu" for i in range(3)]


def test_a_mail_server_down_loses_nothing(client: Client, letter: Letter, queued: None, settings: Any) -> None:
    assert sign(client).status_code == 302
    settings.ADALET_EMAIL_BACKEND = f"{__name__}.DownMailServer"
    with pytest.raises(ConnectionRefusedError):
        notices.send_due_confirmations()
    assert ConfirmationDue.objects.filter(signature=Signature.objects.get()).exists()
    settings.ADALET_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notices.send_due_confirmations() == 1 and len(mail.outbox) == 1


def test_a_signature_withdrawn_before_its_email_gets_none(client: Client, letter: Letter, queued: None) -> None:
    from adalet.campaigns.signing import withdraw

    assert sign(client).status_code == 302
    withdraw(Signature.objects.get())
    assert notices.send_due_confirmations() == 0 and not mail.outbox
    assert not ConfirmationDue.objects.exists()


def test_a_second_attempt_is_told_by_the_worker_not_the_request(client: Client, letter: Letter, queued: None) -> None:
    assert sign(client).status_code == 302
    work()
    assert len(mail.outbox) == 1
    response = sign(client, email="AYSE.DEMIR@example.edu", name="Ayse Again", ip="198.51.100.4")
    assert response.status_code == 302 and response["Location"] == "/letters/letter-2022/thanks/"
    signature = Signature.objects.get()
    assert len(mail.outbox) == 1  # not sent during the request
    assert list(ConfirmationDue.objects.values_list("signature", "again")) == [(signature.pk, True)]
    work()
    notice = mail.outbox[-1]
    assert len(mail.outbox) == 2 and notice.to == ["ayse.demir@example.edu"]  # the stored mailbox
    assert "You have already signed" in notice.subject and "tried to sign" in notice.body
    assert not ConfirmationDue.objects.exists()
    assert client.get(link()).status_code == 200  # its link confirms
    assert Signature.objects.get().state == Signature.State.CONFIRMED


def test_a_second_attempt_while_the_first_email_is_due_sends_one_email(client: Client, letter: Letter,
                                                                        queued: None) -> None:
    assert sign(client).status_code == 302
    assert sign(client, email="AYSE.DEMIR@example.edu", ip="198.51.100.4").status_code == 302
    assert list(ConfirmationDue.objects.values_list("again", flat=True)) == [False]  # the row due is kept
    work()
    assert len(mail.outbox) == 1 and "Please confirm" in mail.outbox[0].subject


def test_a_batch_sends_confirmations_and_notices_each_as_due(client: Client, letter: Letter, queued: None) -> None:
    assert sign(client, email="first@example.edu", name="First Signer").status_code == 302
    assert notices.send_due_confirmations() == 1
    assert sign(client, email="first@example.edu", name="First Signer", ip="198.51.100.4").status_code == 302
    assert sign(client, email="second@example.edu", name="Second Signer", ip="198.51.100.5").status_code == 302
    assert notices.send_due_confirmations() == 2
    subjects = {m.to[0]: m.subject.split(":")[0] for m in mail.outbox[1:]}
    assert subjects == {"first@example.edu": "You have already signed", "second@example.edu": "Please confirm your signature"}


def test_links_in_emails_are_what_reverse_gives(letter: Letter) -> None:
    from django.urls import reverse

    from adalet.campaigns.tokens import token_for

    signature = Signature.objects.create(letter=letter, kind="individual", name="A", country="DE", email="a@b.example",
                                         email_key="a@b.example", email_domain="b.example", version=1, nonce="n" * 32,
                                         created_at=letter.opens_at)
    found = notices.links(signature, "https://letters.example/")
    token = token_for(signature)
    assert found == {"confirm_url": "https://letters.example" + reverse("campaigns:confirm", args=[token]),
                     "withdraw_url": "https://letters.example" + reverse("campaigns:withdraw", args=[token]),
                     "letter_url": "https://letters.example" + reverse("campaigns:letter", args=[letter.slug])}


def test_a_batch_writes_each_email_as_it_would_be_written_alone(client: Client, letter: Letter, queued: None) -> None:
    """A batch renders each kind of email once per letter and language and puts every signer's links in: each email
    is still exactly the one send_confirmation would write for that signer."""
    for n, language in enumerate(["en", "ug", "zh-hans", "ug", "en"]):
        assert sign(client, email=f"signer{n}@example.org", name=f"Signer {n}", ip=f"203.0.113.{n}",
                    HTTP_ACCEPT_LANGUAGE=language).status_code == 302
    first = Signature.objects.order_by("pk").first()
    Signature.objects.filter(pk=first.pk).update(email_confirmed_at=first.created_at)
    ConfirmationDue.objects.filter(signature__in=Signature.objects.order_by("-pk")[:2]).update(again=True)
    ConfirmationDue.objects.filter(signature=first).update(again=True)
    due = dict(ConfirmationDue.objects.values_list("signature_id", "again"))
    signatures = list(Signature.objects.filter(pk__in=due).select_related("letter").order_by("pk"))
    batch = notices.confirmations(signatures, due, "https://letters.example.org")
    for signature, email in zip(signatures, batch, strict=True):
        mail.outbox = []
        notices.send_confirmation(signature, "https://letters.example.org", again=due[signature.pk])
        (alone,) = mail.outbox
        assert (email.subject, email.body, email.to, email.extra_headers) == (
            alone.subject, alone.body, alone.to, alone.extra_headers)
    bodies = [email.body for email in batch]
    assert len(set(bodies)) == len(bodies)  # each with its own links
    assert sum("Your signature is already confirmed." in b for b in bodies) == 1
