"""The emails speak the language the signer signed in (English, Uyghur or Simplified Chinese, as the page was shown):
the confirmation, the notice of an extension, the request to re-confirm and the "you have already signed" notice,
each with its dates in that language and a Content-Language header, whatever language the sender's own request is in;
and every string of the email templates is in both catalogs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import translation

from adalet.campaigns import letters, notices
from adalet.campaigns.models import Letter, Signature
from adalet.web import i18n_compile
from tests.campaigns.conftest import link, sign

EMAILS = Path(notices.__file__).parent / "templates" / "campaigns" / "emails"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Friday 5 August 2022 (the deadline) and Wednesday 10 August 2022, as each language writes them
FRIDAY_5 = {"en": "Friday 5 August 2022", "ug": "2022-يىلى 5-ئاۋغۇست، جۈمە", "zh-hans": "2022年8月5日 星期五"}
WEDNESDAY_10 = {"en": "Wednesday 10 August 2022", "ug": "2022-يىلى 10-ئاۋغۇست، چارشەمبە", "zh-hans": "2022年8月10日 星期三"}


def english_left(email: EmailMessage, *known: str) -> list[str]:
    """Latin words of three letters or more in an email's subject and body, once its links and the values it
    quotes (the letter's title, its time zone, a reason) are taken out: none in an email in Uyghur or Chinese."""
    text = re.sub(r"https?://\S+", " ", f"{email.subject}\n{email.body}")
    for value in known:
        text = text.replace(value, " ")
    return re.findall(r"[A-Za-z]{3,}", text)


def script_of(email: EmailMessage, language: str) -> bool:
    """The subject and the body are written in the language's script."""
    pattern = {"ug": ARABIC_SCRIPT, "zh-hans": HAN}[language]
    return bool(pattern.search(email.subject)) and len(pattern.findall(email.body)) > 40


def to(address: str) -> EmailMessage:
    """The last email sent to an address."""
    return [m for m in mail.outbox if m.to == [address]][-1]


def test_signing_in_uyghur_the_confirmation_is_in_uyghur_and_its_link_works(letter: Letter) -> None:
    signer = Client(HTTP_ACCEPT_LANGUAGE="ug")
    assert sign(signer).status_code == 302
    signature = Signature.objects.get()
    assert signature.language == "ug"
    email = mail.outbox[-1]
    assert email.subject == f"ئىمزايىڭىزنى جەزملەڭ: {letter.title}"  # Please confirm your signature
    assert script_of(email, "ug") and FRIDAY_5["ug"] in email.body and "(America/New_York)" in email.body
    assert not english_left(email, letter.title, "America/New_York")
    assert email.extra_headers["Content-Language"] == "ug" and email.message()["Content-Language"] == "ug"
    assert signer.get(link("confirm")).status_code == 200
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED
    assert "/letters/withdraw/" in email.body


def test_signing_in_chinese_the_confirmation_is_in_chinese_and_its_link_works(letter: Letter) -> None:
    signer = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert sign(signer).status_code == 302
    assert Signature.objects.get().language == "zh-hans"
    email = mail.outbox[-1]
    assert email.subject == f"请确认您的签名：{letter.title}"
    assert script_of(email, "zh-hans") and FRIDAY_5["zh-hans"] in email.body
    assert not english_left(email, letter.title, "America/New_York")
    assert email.message()["Content-Language"] == "zh-hans"
    assert signer.get(link("confirm")).status_code == 200
    assert Signature.objects.get().state == Signature.State.CONFIRMED


def test_the_language_chosen_on_the_page_is_the_one_kept(letter: Letter) -> None:
    signer = Client(HTTP_ACCEPT_LANGUAGE="en")
    signer.post(reverse("set_language"), {"language": "zh-hans", "next": "/letters/letter-2022/"})
    assert sign(signer).status_code == 302
    assert Signature.objects.get().language == "zh-hans" and script_of(mail.outbox[-1], "zh-hans")


def test_english_and_languages_the_site_does_not_speak_get_english(letter: Letter) -> None:
    assert sign(Client(HTTP_ACCEPT_LANGUAGE="fr"), email="fr@example.org", name="Claire Martin").status_code == 302
    assert sign(Client(), ip="203.0.113.8").status_code == 302
    assert dict(Signature.objects.values_list("email", "language")) == {"fr@example.org": "en",
                                                                        "ayse.demir@example.edu": "en"}
    for email in mail.outbox:
        assert email.subject == f"Please confirm your signature: {letter.title}"
        assert FRIDAY_5["en"] in email.body and email.message()["Content-Language"] == "en"
        assert not ARABIC_SCRIPT.search(email.body) and not HAN.search(email.body)


def signers(client_for: dict[str, Client]) -> dict[str, str]:
    """One signer per language, each from its own page; {language: address}."""
    addresses = {}
    for n, (language, client) in enumerate(client_for.items()):
        addresses[language] = f"signer-{language}@example.org"
        assert sign(client, email=addresses[language], name=f"Signer {'ABC'[n]}", ip=f"203.0.113.{20 + n}").status_code == 302
    return addresses


def test_an_extension_is_told_to_each_signer_in_their_own_language(letter: Letter) -> None:
    clients = {language: Client(HTTP_ACCEPT_LANGUAGE=language) for language in ("en", "ug", "zh-hans")}
    addresses = signers(clients)
    clients["ug"].get(link("confirm", message=[m.to for m in mail.outbox].index([addresses["ug"]])))
    with translation.override("zh-hans"):  # the organizer's own language is not the signers'
        told = letters.extend(letter, date(2022, 8, 10), reason="More organizations asked to sign", actor="organizer",
                              base_url="http://testserver/")
    assert told == 3
    for language, address in addresses.items():
        email = to(address)
        assert email.message()["Content-Language"] == language
        assert FRIDAY_5[language] in email.body and WEDNESDAY_10[language] in email.body
        assert "More organizations asked to sign" in email.body
        if language == "en":
            assert email.subject == f"The deadline has been extended: {letter.title}"
            assert not HAN.search(email.body)
            continue
        assert script_of(email, language)
        assert not english_left(email, letter.title, "America/New_York", "More organizations asked to sign")
    assert "/letters/confirm/" not in to(addresses["ug"]).body  # confirmed already: no link to confirm
    chinese = to(addresses["zh-hans"])
    assert chinese.subject == f"截止日期已延长：{letter.title}" and "您的签名尚未确认" in chinese.body
    confirm = re.search(r"https?://[^/\s]+(/zh-hans/letters/confirm/\S+)", chinese.body).group(1)  # type: ignore[union-attr]
    assert clients["zh-hans"].get(confirm).status_code == 200
    assert Signature.objects.get(email=addresses["zh-hans"]).state == Signature.State.CONFIRMED


def test_a_request_to_reconfirm_speaks_the_signers_language(letter: Letter) -> None:
    clients = {language: Client(HTTP_ACCEPT_LANGUAGE=language) for language in ("ug", "zh-hans")}
    addresses = signers(clients)
    for n, client in enumerate(clients.values()):
        client.get(link("confirm", message=n))
    asked = letters.revise(letter, title=letter.title, recipients=letter.recipients, body=letter.body + "\nAlso this.",
                           material=True, note="A paragraph added", actor="organizer")
    assert asked == 2
    uyghur, chinese = to(addresses["ug"]), to(addresses["zh-hans"])
    assert uyghur.subject == f"سىز ئىمزا قويغان تېكىست ئۆزگەرتىلدى: {letter.title}" and script_of(uyghur, "ug")
    assert "(ھازىرقى نەشرى: 2)" in uyghur.body and "ئۆزگەرتىلگەن جايى: A paragraph added" in uyghur.body
    assert chinese.subject == f"您签署的文本已修改：{letter.title}" and "（现为第2版）" in chinese.body
    for email in (uyghur, chinese):
        assert not english_left(email, letter.title, "America/New_York", "A paragraph added")


def test_the_notice_to_a_mailbox_that_signed_speaks_the_language_it_signed_in(letter: Letter) -> None:
    assert sign(Client(HTTP_ACCEPT_LANGUAGE="ug")).status_code == 302
    assert sign(Client(HTTP_ACCEPT_LANGUAGE="en"), email="Ayse.Demir@example.edu", name="Ayşe D").status_code == 302
    notice = mail.outbox[-1]
    assert len(mail.outbox) == 2 and notice.to == ["ayse.demir@example.edu"]
    assert notice.subject == f"سىز ئاللىبۇرۇن ئىمزا قويغانسىز: {letter.title}"  # You have already signed
    assert script_of(notice, "ug") and not english_left(notice, letter.title, "America/New_York")
    assert Signature.objects.get().language == "ug"


def template_keys() -> set[str]:
    """The catalog keys of the email templates' translate and blocktranslate tags."""
    keys = set()
    for template in EMAILS.glob("*.txt"):
        text = template.read_text()
        assert "{% load i18n" in text, template.name
        for msgid, context in re.findall(r'{% translate "([^"]+)"(?: context "([^"]+)")?[^%]*%}', text):
            keys.add(f"{context}\x04{msgid}" if context else msgid)
        for options, body in re.findall(r"{% blocktranslate([^%]*)%}(.*?){% endblocktranslate %}", text, re.S):
            assert "context" not in options and "plural" not in body and "\n" not in body, (template.name, body)
            keys.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
        # nothing to translate left outside the tags: what remains are tags, variables, newlines and "- "
        bare = re.sub(r"{%.*?%}|{{.*?}}", "", re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", text, flags=re.S))
        assert not re.search(r"[A-Za-z]", bare), (template.name, bare)
    return keys


def test_every_string_of_the_emails_has_both_translations() -> None:
    wanted = template_keys()
    assert len(wanted) >= 20
    for language in ("ug", "zh_Hans"):
        po = EMAILS.parents[2] / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = i18n_compile.parse_po(po.read_text(encoding="utf-8"))
        assert wanted <= set(catalog), (language, wanted - set(catalog))
        for key in wanted:
            assert catalog[key] and catalog[key] != key.split("\x04")[-1], (language, key)
            assert sorted(PLACEHOLDER.findall(catalog[key])) == sorted(PLACEHOLDER.findall(key)), (language, key)


def test_english_emails_read_as_they_did(letter: Letter, settings: Any) -> None:
    assert sign(Client()).status_code == 302
    email = mail.outbox[-1]
    assert email.body.startswith(f'Thank you for signing "{letter.title}".\n\nYour signature counts once you confirm')
    assert "The letter can be signed until Friday 5 August 2022, 23:59:59 (America/New_York)." in email.body
    assert "To withdraw your signature before the deadline:\nhttp://testserver/letters/withdraw/" in email.body
