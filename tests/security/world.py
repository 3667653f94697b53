"""The privileged world the security suite walks: built once per test module with the project's own functions, so
every address that takes a parameter has a real object behind it, and every privilege leaves a secret to look for.

- a restricted collection (never published): the demo leak (people with resident ID numbers, photos, verification
  findings, proposed photo links) and a roster (a text file holding a planted ID number) that is evidence of an
  official's conduct;
- a published collection: a notice holding another planted ID number (visitors see it masked, and never its
  original), and a file that arrived after publication (withheld until someone decides);
- an open letter: a listed signer, a signer whose name goes to the recipients only (in the export, never on the
  page), an approved organization with a logo, an organization awaiting a moderator;
- officials from the registry, a proposed sanctions-list match, API tokens, a TOTP device of a third account, and
  the bookkeeping rows the admin lists (django-axes, the task queue);
- the team's work: an unpublished note on a published item, a note on a person of the restricted collection, a
  proposed link between two of its people, a saved search of the third account, and a family's request to the
  staff (admin only).

Each secret is in ``World.markers``: the suite fails when an account that must be a visitor is shown one.
"""

from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalet.api import tokens as api_tokens
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item
from adalet.campaigns import delivered, letters, moderation, outcomes, signing
from adalet.campaigns import tokens as letter_tokens
from adalet.campaigns.models import Letter, Response, Signature
from adalet.demo.identities import resident_id
from adalet.demo.leak import LEAK_ZIP, write_leak
from adalet.people import annotations
from adalet.people.models import Annotation, Detention, LinkStatus, Person, PersonLink, PhotoLink
from adalet.people.officials import official as official_named
from adalet.people.officials import upsert_official
from adalet.people.records import map_collection
from adalet.people.xref import xref_photos
from adalet.sanctions.models import OfficialMatch
from adalet.sanctions.officials import add_evidence, load_registry, match_officials
from adalet.verify import review as finding_review
from adalet.verify.runner import verify_collection
from adalet.web import family
from adalet.web.models import CollectionAccess, RelativeRequest, SavedSearch, Watch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
PASSWORD = "a long password for the security walk 7"

RESTRICTED = "sealed-qv7-files"
PUBLISHED = "open-qv7-archive"
ROSTER = "sealedroster-qv7.txt"
LATE = "latearrival-qv7.txt"
NOTICE = "opennotice-qv7.txt"
EVIDENCE_NOTE = "evidencenote-qv7: the roster lists the detainees"
PENDING_ORGANIZATION = "Pendingfront Qv7 Council"
PENDING_ORGANIZATION_SIGNER = "Tursun Pendingsigner"
RECIPIENTS_ONLY_NAME = "Rustam Recipientonly"
HELD_NAME = "Heldsigner Qvseven"
RECIPIENTS_ONLY_EMAIL = "rustam.recipientonly@qv7-signers.example"
LISTED_EMAIL = "ayse.listed@qv7-signers.example"
TOKEN_NAMES = {"superuser": "tokenlabel-qv7-super", "moderator": "tokenlabel-qv7-mod"}
LOGO = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

# planted resident ID numbers (valid check digits, so every detector takes them for what they are)
RESTRICTED_ID = resident_id("653121", date(1979, 3, 14), 517)
PUBLISHED_ID = resident_id("653101", date(1984, 11, 2), 238)

ITEM_NOTE = "itemnote-qv7: not yet checked against the notice board"
PERSON_NOTE = "personnote-qv7: the family was contacted"
SAVED_QUERY = "savedquery-qv7"
REQUEST_MESSAGE = "familymessage-qv7: my brother, held since 2017"
REQUEST_CONTACT = "family-contact-qv7@example.org"

ID_PATTERN = re.compile(r"[0-9]{17}[0-9Xx]")


@dataclass
class World:
    restricted: Collection
    published: Collection
    roster: Item  # restricted, holds RESTRICTED_ID
    photo: Item  # restricted, an image with a thumbnail
    notice: Item  # published, holds PUBLISHED_ID
    late: Item  # published collection, withheld
    finding_key: str
    photo_link: PhotoLink
    official: Person
    match: OfficialMatch
    person: Person  # of the restricted collection, with a note
    person_link: PersonLink  # proposed, between two people of the restricted collection
    item_note: Annotation  # unpublished, on the published notice
    person_note: Annotation  # on ``person``
    saved_search: SavedSearch  # the device owner's
    watch: Watch  # the device owner's, on a facility of the restricted collection
    relative_request: RelativeRequest
    letter: Letter
    draft: Letter  # a follow-up drafted from the letter: staff only
    response: Response  # a recipient's response with a file, on the letter's page
    listed: Signature
    recipients_only: Signature
    organization: Signature  # approved, listed, with a logo
    pending_organization: Signature  # awaiting a moderator
    held: Signature  # held for review (a burst of near-identical names)
    superuser: User
    moderator: User
    device_owner: User
    tokens: dict[str, int]
    id_numbers: set[str]
    markers: dict[str, str] = field(default_factory=dict)
    objects: dict[type, Any] = field(default_factory=dict)  # the object an admin address of that model opens

    def signer_link(self, signature: Signature) -> str:
        return letter_tokens.token_for(signature)


def build_world(folder: Path) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    superuser = User.objects.create_superuser("root-qv7", "root@qv7.example", PASSWORD)
    moderator = User.objects.create_user("moderator-qv7", "moderator@qv7.example", PASSWORD)
    moderator.groups.add(Group.objects.get(name="moderator"))
    device_owner = User.objects.create_user("enrolled-qv7", "enrolled@qv7.example", PASSWORD)

    # the restricted collection: the demo leak, then a roster that names a detainee by ID number
    leak = folder / "leak"
    write_leak(leak, people=24, photos=6, docs=1, seed=11)
    ingest(leak / LEAK_ZIP, RESTRICTED, ocr=False)
    map_collection(RESTRICTED)
    xref_photos(RESTRICTED)
    verify_collection(RESTRICTED)
    extra = folder / "roster"
    extra.mkdir()
    (extra / ROSTER).write_text(f"Roster of the camp qv7rosterword\n艾克拜尔 {RESTRICTED_ID} held since 2018\n", encoding="utf-8")
    ingest(extra, RESTRICTED, ocr=False)
    restricted = Collection.objects.get(name=RESTRICTED)
    restricted.title = "Sealed qv7 files"
    restricted.save()
    CollectionAccess.objects.create(user=moderator, collection=restricted, role="researcher")

    # the published collection, then a file that arrives after publication (withheld)
    public = folder / "public"
    public.mkdir()
    (public / NOTICE).write_text(f"Public notice\nThe detainee {PUBLISHED_ID} was moved.\n", encoding="utf-8")
    (public / "openstatement-qv7.txt").write_text("A statement with nothing personal in it.\n", encoding="utf-8")
    ingest(public, PUBLISHED, ocr=False)
    published = Collection.objects.get(name=PUBLISHED)
    published.is_public, published.photos_public, published.title = True, False, "Open qv7 archive"
    published.save()
    later = folder / "later"
    later.mkdir()
    (later / LATE).write_text("Arrived after publication qv7lateword: not yet decided on.\n", encoding="utf-8")
    ingest(later, PUBLISHED, ocr=False)

    roster = Item.objects.get(collection=restricted, name=ROSTER)
    notice = Item.objects.get(collection=published, name=NOTICE)
    late = Item.objects.get(collection=published, name=LATE)
    assert late.withheld, "an item arriving in a published collection should be withheld until published"
    photo = _photo_with_thumbnail(restricted)
    finding = finding_review.pending_findings(restricted).first()
    assert finding is not None, "the demo leak should give verification findings"
    photo_link = PhotoLink.objects.filter(person__collection=restricted, status="proposed").order_by("pk").first()
    assert photo_link is not None, "the demo leak should give proposed photo links"

    # officials: the registry, a note of evidence on the restricted roster, a proposed match with a list entry
    load_registry(FIXTURES / "officials.csv")
    chen = official_named("CHEN Quanguo")
    add_evidence(chen, roster.locator, EVIDENCE_NOTE, "researcher@qv7")
    match = _proposed_match(folder)

    letter, signatures = _letter()
    draft, response = _outcomes(letter, folder)
    token_ids = {}
    for account, user in (("superuser", superuser), ("moderator", moderator)):
        token, _raw = api_tokens.create(user, TOKEN_NAMES[account], actor=user.get_username())
        token_ids[account] = token.pk

    team = _team_work(restricted, notice, photo_link.person, device_owner)

    device = TOTPDevice.objects.create(user=device_owner, name="phone of another account", confirmed=True)
    _bookkeeping_rows(device_owner)

    id_numbers = set(Person.objects.exclude(id_number="").values_list("id_number", flat=True))
    id_numbers |= {RESTRICTED_ID, PUBLISHED_ID}
    markers = {
        "the restricted roster's ID number": RESTRICTED_ID,
        "the published notice's ID number, unmasked": PUBLISHED_ID,
        "the restricted collection's title": "Sealed qv7 files",
        "the restricted roster's file name": ROSTER,
        "the withheld file's name": LATE,
        "an evidence note on a restricted item": EVIDENCE_NOTE,
        "an organization awaiting a moderator": PENDING_ORGANIZATION,
        "the signer of an organization awaiting a moderator": PENDING_ORGANIZATION_SIGNER,
        "a signer named to the recipients only": RECIPIENTS_ONLY_NAME,
        "a signer's email": RECIPIENTS_ONLY_EMAIL,
        "signers held for review": HELD_NAME,
        "a listed signer's email": LISTED_EMAIL,
        "the superuser's API token name": TOKEN_NAMES["superuser"],
        "the moderator's API token name": TOKEN_NAMES["moderator"],
        "a drafted follow-up letter's title": DRAFT_TITLE,
        "another account's TOTP key": device.key,
        "another account's TOTP secret": base64.b32encode(device.bin_key).decode().rstrip("="),
        "an unpublished note on an item": ITEM_NOTE,
        "a note on a person": PERSON_NOTE,
        "another account's saved search": SAVED_QUERY,
        "a family's request to the staff": REQUEST_MESSAGE,
        "a family's contact": REQUEST_CONTACT,
    }
    world = World(
        restricted=restricted, published=published, roster=roster, photo=photo, notice=notice, late=late,
        finding_key=finding.key, photo_link=photo_link, official=chen, match=match, **team, letter=letter,
        draft=draft, response=response,
        superuser=superuser, moderator=moderator, device_owner=device_owner, tokens=token_ids,
        id_numbers=id_numbers, markers=markers, **signatures,
    )
    world.objects = {
        User: moderator, Group: Group.objects.get(name="moderator"), Letter: letter,
        Signature: signatures["recipients_only"], TOTPDevice: device,
        CollectionAccess: CollectionAccess.objects.get(user=moderator), RelativeRequest: team["relative_request"],
    }
    return world


def _team_work(restricted: Collection, notice: Item, person: Person, other: User) -> dict[str, Any]:
    """What a collection's team and a family leave behind: notes, a proposed person link, a saved search, a
    request to the staff."""
    item_note = annotations.add(collection=notice.collection, kind="note", text=ITEM_NOTE, author="researcher@qv7",
                                item=notice)
    person_note = annotations.add(collection=restricted, kind="note", text=PERSON_NOTE, author="researcher@qv7",
                                  person=person)
    second = Person.objects.filter(collection=restricted).exclude(pk=person.pk).exclude(id_number="").order_by("pk")[0]
    first, second = sorted((person, second), key=lambda p: p.pk)
    link = PersonLink.objects.create(
        first=first, second=second, method="name_birth_date", score=0.81, status=LinkStatus.PROPOSED,
        evidence={"explanation": ["names agree in the walk"], "records": [{}, {}]})
    saved = SavedSearch.objects.create(user=other, query=SAVED_QUERY)
    facility = Detention.objects.filter(person__collection=restricted, facility__isnull=False).order_by("pk")[0].facility
    watch = Watch.objects.create(user=other, kind=Watch.Kind.FACILITY, facility=facility)
    request = family.record_request(
        {"kind": RelativeRequest.Kind.RELATIVE, "name": "Requester Qv7", "contact": REQUEST_CONTACT, "relation": "sister",
         "message": REQUEST_MESSAGE, "record": None}, "anonymous", "en")
    return {"person": person, "person_link": link, "item_note": item_note, "person_note": person_note,
            "saved_search": saved, "watch": watch, "relative_request": request}


def _photo_with_thumbnail(collection: Collection) -> Item:
    from adalet.archive import reading

    for item in Item.objects.filter(collection=collection, media_type__startswith="image/").order_by("pk"):
        if "thumbnail" in reading.derivative_kinds(item.pk):
            return item
    raise AssertionError("the demo leak's photos should have thumbnails")


PERSON = {"id": "eu-fsf-zhu", "schema": "Person", "datasets": ["eu_fsf"], "caption": "Zhu Hailun",
          "properties": {"name": ["Zhu Hailun"], "alias": ["朱海仑"], "birthDate": ["1958-01"], "nationality": ["cn"]}}
SANCTION = {"id": "eu-sanc-zhu", "schema": "Sanction", "datasets": ["eu_fsf"],
            "properties": {"entity": ["eu-fsf-zhu"], "authority": ["European Union"], "program": ["EU 2020/1998"],
                           "listingDate": ["2021-03-22"]}}


def _proposed_match(folder: Path) -> OfficialMatch:
    path = folder / "eu.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (PERSON, SANCTION)) + "\n", encoding="utf-8")
    call_command("sanctions", "import", "ftm", str(path), "--json", stdout=io.StringIO())
    zhu, _ = upsert_official("ZHU Hailun", other_names=["朱海仑"], birth="1958-01", source="security walk")
    (match,) = [m for m in match_officials([zhu]) if m.entity.source_id == "eu-fsf-zhu"]
    assert match.status == "proposed"
    return match


DRAFT_TITLE = "Follow-up draft qv7"


def _outcomes(letter: Letter, folder: Path) -> tuple[Letter, Response]:
    """The letter asks the US to designate an official; a follow-up is drafted (not published); a response with a
    file is recorded."""
    outcomes.add_asks(letter, ["WANG Yang"], ["us"], actor="organizer-qv7")
    draft = letters.create(letters.Draft(
        slug="letter-qv7-follow-up", title=DRAFT_TITLE, recipients="The Chair", body="Draft qv7.\n",
        opens_at=timezone.now(), deadline=(timezone.now() + timedelta(days=30)).date()), actor="organizer-qv7")
    Letter.objects.filter(pk=draft.pk).update(draft=True, follows=letter)
    draft.refresh_from_db()
    reply = folder / "reply-qv7.txt"
    reply.write_text("We acknowledge receipt of your letter.\n")
    response = delivered.respond(letter, recipient="The Chair", received_on=timezone.localdate(),
                                 text="Received, thank you.", file=reply, actor="organizer-qv7")
    return draft, response


def _letter() -> tuple[Letter, dict[str, Signature]]:
    now = timezone.now()
    draft = letters.Draft(
        slug="letter-qv7", title="Open letter qv7", recipients="The Chair", body="We call on **the Chair** to act.\n",
        opens_at=now - timedelta(days=2), deadline=(now + timedelta(days=30)).date(), time_zone="UTC",
    )
    letter = letters.create(draft, actor="organizer-qv7")

    def sign(ip: str, **data: Any) -> Signature:
        submission = signing.Submission(**{"country": "TR", **data})
        stored = signing.sign(letter, submission, ip=ip, seconds=30.0, base_url="http://testserver/")
        assert stored is not None, data
        signing.confirm(stored)
        stored.refresh_from_db()
        return stored

    listed = sign("198.51.100.11", kind="individual", name="Ayşe Listed", email=LISTED_EMAIL, title="Professor")
    recipients_only = sign("198.51.100.12", kind="individual", name=RECIPIENTS_ONLY_NAME, email=RECIPIENTS_ONLY_EMAIL,
                           visibility=Signature.Visibility.RECIPIENTS, affiliation="University qv7")
    organization = sign("198.51.100.13", kind="organization", name="Omer Approved", organization="Approved Watch Qv7",
                        role="Director", email="omer@approvedwatch-qv7.example",
                        website="https://approvedwatch-qv7.example", logo=LOGO, logo_type="image/png")
    moderation.approve(organization, actor="moderator-qv7")
    organization.refresh_from_db()
    pending = sign("198.51.100.14", kind="organization", name=PENDING_ORGANIZATION_SIGNER,
                   organization=PENDING_ORGANIZATION, role="Chair", email="tursun@pendingfront-qv7.example",
                   website="https://pendingfront-qv7.example")
    assert pending in moderation.awaiting_organizations(), "the second organization should await a moderator"
    # near-identical names: past ADALET_SIGN_FLAG_NAMES the next one is held for review (names to the recipients only)
    for n in range(3):
        held = sign(f"198.51.100.{21 + n}", kind="individual", name=HELD_NAME, visibility=Signature.Visibility.RECIPIENTS,
                    email=f"held{n}@qv7-held.example")
    assert held.state == Signature.State.FLAGGED, "the third near-identical name should be held for review"
    return letter, {"listed": listed, "recipients_only": recipients_only, "organization": organization,
                    "pending_organization": pending, "held": held}


def _bookkeeping_rows(user: User) -> None:
    """A row in each table the admin lists that the walk's own requests may not fill: django-axes' logs, a task."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    common = {"user_agent": "security-walk", "ip_address": "192.0.2.77", "username": user.get_username(),
              "http_accept": "*/*", "path_info": "/login/"}
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common, locked_out=False)
