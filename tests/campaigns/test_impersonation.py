"""The attack: register amnesty-international-campaigns.org, sign as "Amnesty International" from a mailbox there,
confirm, and be listed and counted as the organization, so that the real one is refused ("has already endorsed"),
a refusal that also told anyone which organizations had signed with their name withheld from everyone.

Now a mailbox at a web domain verifies the domain, not the name: an organization is listed only once a moderator
approved it, or when the registry (what moderators approved before) holds its name at its mailbox's domain. Every
answer of the signing form reads the same, whoever signed before."""

from __future__ import annotations

from datetime import date, datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client

from adalet.campaigns import letters, moderation
from adalet.campaigns.models import KnownOrganization, Letter, Signature
from tests.campaigns.conftest import NEW_YORK, confirm_last, known, sign

IMPOSTOR = {"organization": "Amnesty International", "website": "https://amnesty-international-campaigns.org",
            "email": "press@amnesty-international-campaigns.org", "name": "Press Office", "role": "Spokesperson"}
GENUINE = {"organization": "Amnesty International", "website": "https://www.amnesty.org",
           "email": "campaigns@amnesty.org", "name": "Campaigns Director", "role": "Director"}


def seen(response: Any, client: Client) -> tuple[int, str, str, list[str]]:
    """What a signer sees of a signing request: the status, where it leads, that page, and the cookies set."""
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return response.status_code, response.get("Location", ""), page, sorted(response.cookies)


def listed(client: Client) -> tuple[bool, str]:
    page = client.get("/letters/letter-2022/").content.decode()
    return "Amnesty International" in page, page.split('id="count-organizations">', 1)[1].split("<", 1)[0]


def test_the_impersonator_is_not_listed_and_the_real_organization_is_not_refused(letter: Letter) -> None:
    known("Amnesty International", "amnesty.org")
    attacker, real = Client(), Client()
    impersonated = seen(sign(attacker, "organization", **IMPOSTOR, ip="198.51.100.66"), attacker)
    confirm_last(attacker)
    impostor = Signature.objects.get()
    assert impostor.state == "confirmed" and impostor.verified_by == "" and not impostor.counts
    assert listed(Client()) == (False, "0")
    answered = seen(sign(real, "organization", **GENUINE, ip="192.0.2.10"), real)
    assert answered == impersonated and answered[0] == 302  # the same answer: nothing about who signed before
    confirm_last(real)
    genuine = Signature.objects.get(email="campaigns@amnesty.org")
    assert genuine.verified_by == "registry" and genuine.counts
    assert listed(Client()) == (True, "1") and letters.tally(letter)["organizations"] == 1


def test_without_a_registry_entry_both_wait_and_the_moderators_choice_becomes_the_registry(letter: Letter) -> None:
    attacker, real = Client(), Client()
    sign(attacker, "organization", **IMPOSTOR, ip="198.51.100.66")
    confirm_last(attacker)
    sign(real, "organization", **GENUINE, ip="192.0.2.10")
    confirm_last(real)
    assert letters.tally(letter)["organizations"] == 0 and listed(Client()) == (False, "0")
    impostor, genuine = Signature.objects.order_by("pk")
    moderation.approve(genuine, actor="moderator")
    assert list(KnownOrganization.objects.values_list("name_key", "domain", "approved_by")) == [
        ("amnestyinternational", "amnesty.org", "moderator")]
    assert listed(Client()) == (True, "1")

    second = letters.create(letters.Draft(
        slug="second-letter", title="A second letter", recipients="The Chair", body="Text.",
        opens_at=datetime(2022, 7, 20, 9, 0, tzinfo=NEW_YORK), deadline=date(2022, 8, 5), time_zone="America/New_York",
    ), actor="organizer")
    sign(real, "organization", slug="second-letter", **{**GENUINE, "email": "office@amnesty.org"}, ip="192.0.2.11")
    confirm_last(real)
    sign(attacker, "organization", slug="second-letter", **{**IMPOSTOR, "email": "ceo@amnesty-international-campaigns.org"},
         ip="198.51.100.67")
    confirm_last(attacker)
    on_second = {s.email_domain: s.verified_by for s in second.signatures.all()}
    assert on_second == {"amnesty.org": "registry", "amnesty-international-campaigns.org": ""}

    user = User.objects.create_user("mod", password="pw-for-tests-only")
    user.groups.add(Group.objects.get_or_create(name="moderator")[0])
    mod = Client()
    mod.force_login(user)
    queue = mod.get("/workspace/signatures/").content.decode()
    row = queue.split(f'id="signature-{impostor.pk}"', 1)[1].split("</li>", 1)[0]
    assert "An organization of this name was approved with another web domain: amnesty.org" in row
    assert "at the website's domain" in row  # the domain is verified; the name is not


def test_a_refusal_no_longer_tells_who_signed_with_their_name_withheld(letter: Letter) -> None:
    known("Amnesty International", "amnesty.org")
    insider = Client()
    sign(insider, "organization", **GENUINE, visibility="hidden")
    confirm_last(insider)
    assert Signature.objects.get().counts  # counted, its name withheld from everyone
    probe, control = Client(), Client()
    probed = seen(sign(probe, "organization", **{**IMPOSTOR, "email": "probe@gmail.com"}, ip="198.51.100.70"), probe)
    controlled = seen(sign(control, "organization", **{**IMPOSTOR, "organization": "Nobody Signed This",
                                                        "email": "control@gmail.com"}, ip="198.51.100.71"), control)
    assert probed == controlled and probed[0] == 302
    assert letters.tally(letter)["organizations"] == 1


def test_a_moderator_cannot_list_a_second_copy_of_an_organization(letter: Letter) -> None:
    known("Amnesty International", "amnesty.org")
    real, attacker = Client(), Client()
    sign(real, "organization", **GENUINE)
    confirm_last(real)
    sign(attacker, "organization", **{**GENUINE, "email": "someone@gmail.com"}, ip="198.51.100.66")
    confirm_last(attacker)
    copy = Signature.objects.get(email="someone@gmail.com")
    try:
        moderation.approve(copy, actor="moderator")
    except moderation.ModerationError as refusal:
        assert "already listed" in str(refusal)
    else:
        raise AssertionError("a second copy of a listed organization was approved")
    assert letters.tally(letter)["organizations"] == 1


def test_the_migration_takes_domain_verification_away_from_signatures_verified_by_it(client: Client,
                                                                                      letter: Letter) -> None:
    sign(client, "organization")
    Signature.objects.update(state="confirmed", verified_by="domain")  # as the old code left it
    import_module("adalet.campaigns.migrations.0004_organization_registry").unverify_domain_matches(apps, None)
    assert Signature.objects.get().verified_by == "" and letters.tally(letter)["organizations"] == 0
