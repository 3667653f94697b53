"""Issue 15: with ADALET_REQUIRE_2FA_FOR_STAFF, an account signed in with its password alone is a visitor for every
privilege: the site, the API (with the session's cookie), the letters and the admin. It may only finish signing in
(/login/, /login/code/, /workspace/security/) and sign out.

Every address of the resolver is walked (tests/security/walk.py) by a visitor, by accounts signed in with the
password only (through the real sign-in form), and by the same accounts with a verified TOTP code. The password-only
walks must show nothing the visitor's does not: no secret of the world (tests/security/world.py), no other status
class, no workspace, admin or letter-staff page, no database write, no download, no custody record in the account's
name. The verified walks, and password walks with the setting off, must show those privileges at the addresses
where the world put them: the detector is proven on the same answers it clears.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import PENDING, password_sign_in, verified_sign_in
from tests.security.walk import (
    FILLS,
    NOT_REACHABLE,
    POSTS,
    SEARCHES,
    Request,
    Seen,
    beyond_visitor,
    plan,
    report,
    routes,
    secrets_in,
    unfilled,
    walk,
)
from tests.security.world import World

pytestmark = pytest.mark.django_db

# a 429 would differ from a visitor's answer for no reason of privilege
UNLIMITED = {"ADALET_SEARCH_LIMITS": (100_000, 100_000), "ADALET_DOWNLOAD_LIMITS": (100_000, 100_000)}
REQUIRED = override_settings(ADALET_REQUIRE_2FA_FOR_STAFF=True, **UNLIMITED)
NOT_REQUIRED = override_settings(ADALET_REQUIRE_2FA_FOR_STAFF=False, **UNLIMITED)

#: The privilege code is the same on either database: the PostgreSQL pass walks one password-only session (the
#: superuser without a device), the verified superuser (the detector's proof) and the visitor; the other variants run
#: on the SQLite pass (tests/conftest.py one_database).
ON_SQLITE = pytest.mark.one_database

_addresses = itertools.count(10)


def address() -> str:
    """A client address of its own in a network of its own (the search limits count per address and network)."""
    return f"10.{next(_addresses)}.0.7"


def account(world: World, name: str) -> User:
    return {"superuser": world.superuser, "moderator": world.moderator}[name]


# --- the walks ----------------------------------------------------------------------------------------------------

_visitor: dict[tuple[int, bool, tuple[str, ...]], dict[str, Seen]] = {}


def visitor_walk(world: World, requests: list[Request], required: bool) -> dict[str, Seen]:
    """The visitor's answers (the same world every test of the module: walked once per setting and plan)."""
    key = (id(world), required, tuple(r.label for r in requests))
    if key not in _visitor:
        _visitor[key] = walk(Client(REMOTE_ADDR=address(), raise_request_exception=False), requests)
    return _visitor[key]


def privileges(world: World, requests: list[Request], seen: dict[str, Seen], visitor: dict[str, Seen],
               user: User) -> dict[str, list[str]]:
    """Per request, what the answer showed beyond the visitor's; only the requests where it showed something."""
    found = {r.label: beyond_visitor(seen[r.label], visitor[r.label], world, user.get_username(), sign_in=r.sign_in)
             for r in requests}
    return {label: reasons for label, reasons in found.items() if reasons}


def signed_in_as(client: Client, user: User) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


VARIANTS = {
    "no device": "signed in with the password; no TOTP device",
    "device enrolled elsewhere": "signed in with the password; a confirmed device enrolled since, in another session",
    "code not given": "a confirmed device; the password given, the code not (the sign-in's second step pending)",
}


def password_only(world: World, user: User, variant: str) -> Client:
    if variant == "code not given":
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = password_sign_in(user, address())
        assert client.session.get(PENDING) and not signed_in_as(client, user)
        return client
    client = password_sign_in(user, address())
    assert signed_in_as(client, user), f"the password did not sign {user} in"
    if variant == "device enrolled elsewhere":
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return client


@pytest.mark.parametrize(("who", "variant"), [
    pytest.param(who, variant, marks=[] if (who, variant) == ("superuser", "no device") else [ON_SQLITE])
    for who, variant in [("superuser", v) for v in VARIANTS] + [("moderator", "no device"),
                                                                ("moderator", "device enrolled elsewhere")]])
def test_a_password_only_session_is_a_visitor_everywhere(world: World, who: str, variant: str) -> None:
    user = account(world, who)
    with REQUIRED:
        requests = plan(world)
        visitor = visitor_walk(world, requests, required=True)
        client = password_only(world, user, variant)
        seen = walk(client, requests)
        still = signed_in_as(client, user) if variant != "code not given" else bool(client.session.get(PENDING))
    assert still, "the walk itself ended the session: its answers would be a visitor's for the wrong reason"
    leaks = privileges(world, requests, seen, visitor, user)
    assert not leaks, (
        f"{who} ({VARIANTS[variant]}), ADALET_REQUIRE_2FA_FOR_STAFF on: {len(leaks)} of {len(requests)} requests "
        f"show more than a visitor sees:\n" + "\n".join(report(leaks)))


# --- the positive controls -----------------------------------------------------------------------------------------

#: Where each account's privileges must show (verified, or with the setting off): the world put them there.
#: Each value names a secret that must be in the answer, or "" where the status, a page, a write or a download is
#: the evidence.
FLOOR: dict[str, dict[str, str]] = {
    "superuser": {
        "GET item[roster]": "the restricted roster's ID number",
        "GET item-original[roster]": "",
        "GET item[notice]": "the published notice's ID number, unmasked",
        "GET item-original[notice]": "",
        "GET item[withheld]": "the withheld file's name",
        "GET item[restricted photo]": "",
        "GET thumbnail[restricted photo]": "",
        "GET item-page-image[restricted photo]": "",
        "GET collection[restricted]": "the restricted collection's title",
        "GET collection-photos[restricted]": "",
        "GET collection-statistics[restricted]": "",
        "GET search?restricted ID": "the restricted roster's ID number",
        "GET search?published ID": "the published notice's ID number, unmasked",
        "GET search?restricted word": "the restricted roster's file name",
        "GET search?withheld word": "the withheld file's name",
        "GET api:search?restricted ID": "the restricted roster's ID number",
        "GET api:search?published ID": "the published notice's ID number, unmasked",
        "GET search-export-csv?restricted ID": "the restricted roster's ID number",
        "GET search-export-json?published ID": "the published notice's ID number, unmasked",
        "GET api:collections": "the restricted collection's title",
        "GET official[evidence on a restricted item]": "an evidence note on a restricted item",
        "GET workspace:dashboard": "the restricted collection's title",
        "GET workspace:findings[restricted]": "",
        "GET workspace:photo-links[restricted]": "",
        "GET workspace:official-matches": "",
        "GET workspace:signatures": "an organization awaiting a moderator",
        "GET workspace:upload": "",
        "GET workspace:tokens": "the superuser's API token name",
        "GET campaigns:moderate[letter]": "an organization awaiting a moderator",
        "GET campaigns:manage[letter]": "",
        "GET campaigns:export[csv]": "a signer named to the recipients only",
        "GET campaigns:export[pdf]": "",
        "GET admin:index": "",
        "GET admin:campaigns_signature_change[campaigns.signature]": "a signer named to the recipients only",
        "GET admin:otp_totp_totpdevice_config[otp_totp.totpdevice]": "another account's TOTP secret",
        "POST campaigns:manage[letter] close": "",
        "POST campaigns:manage[letter] extend": "",
        "POST campaigns:moderate[letter] approve": "",
        "POST campaigns:moderate[letter] invalidate": "",
        "POST campaigns:moderate[letter] bulk": "",
        "POST workspace:decide-finding[restricted] confirmed": "",
        "POST workspace:decide-photo-link[restricted] confirmed": "",
        "POST workspace:decide-official-match[proposed] confirmed": "",
        "POST workspace:decide-signature[pending organization] approve": "",
        "POST workspace:upload file": "",
        "POST workspace:tokens create": "",
        "POST workspace:revoke-token[superuser's] revoke": "",
        "POST admin:campaigns_signature_delete[campaigns.signature] delete": "",
        "POST admin:auth_user_password_change[auth.user] set password": "",
        "POST admin:campaigns_signature_changelist delete selected": "",
        "GET person[a person of the restricted collection]": "a note on a person",
        "GET workspace:person-links": "",
        "GET workspace:collection-notes[restricted]": "a note on a person",
        "GET workspace:collection-notes[published]": "an unpublished note on an item",
        "GET workspace:saved-searches": "",
        "GET admin:web_relativerequest_changelist": "",
        "GET admin:web_relativerequest_change[web.relativerequest]": "a family's request to the staff",
        "POST workspace:bulk-findings[restricted] confirmed": "",
        "POST workspace:bulk-photo-links[restricted] confirmed": "",
        "POST workspace:decide-person-link[proposed] confirmed": "",
        "GET workspace:family-requests": "",
        "GET workspace:family-request[a family's request]": "a family's request to the staff",
        "POST workspace:decide-family-request[a family's request] done": "",
        "POST workspace:annotate note on an item": "",
        "POST workspace:annotate tag on a person": "",
        "POST workspace:publish-annotation[note on a published item] publish": "",
        "POST workspace:remove-annotation[note on a person] remove": "",
        "POST workspace:saved-searches save": "",
    },
    "moderator": {  # a moderator by group, researcher in the restricted collection by a grant; not staff
        "GET item[roster]": "the restricted roster's file name",
        "GET item-original[roster]": "",
        "GET item-original[notice]": "",
        "GET item[withheld]": "the withheld file's name",
        "GET collection[restricted]": "the restricted collection's title",
        "GET search?restricted word": "the restricted roster's file name",
        "GET search?withheld word": "the withheld file's name",
        "GET api:collections": "the restricted collection's title",
        "GET official[evidence on a restricted item]": "an evidence note on a restricted item",
        "GET workspace:dashboard": "the restricted collection's title",
        "GET workspace:findings[restricted]": "",
        "GET workspace:photo-links[restricted]": "",
        "GET workspace:official-matches": "",
        "GET workspace:signatures": "an organization awaiting a moderator",
        "GET workspace:tokens": "the moderator's API token name",
        "GET campaigns:moderate[letter]": "an organization awaiting a moderator",
        "POST campaigns:moderate[letter] approve": "",
        "POST campaigns:moderate[letter] invalidate": "",
        "POST workspace:decide-finding[restricted] confirmed": "",
        "POST workspace:decide-photo-link[restricted] confirmed": "",
        "POST workspace:decide-official-match[proposed] confirmed": "",
        "POST workspace:decide-signature[pending organization] approve": "",
        "POST workspace:upload file": "",
        "POST workspace:tokens create": "",
        "POST workspace:revoke-token[moderator's] revoke": "",
        "GET person[a person of the restricted collection]": "a note on a person",
        "GET workspace:person-links": "",
        "GET workspace:collection-notes[restricted]": "a note on a person",
        "GET workspace:saved-searches": "",
        "POST workspace:bulk-findings[restricted] confirmed": "",
        "POST workspace:bulk-photo-links[restricted] confirmed": "",
        "POST workspace:decide-person-link[proposed] confirmed": "",
        "GET workspace:family-requests": "",
        "GET workspace:family-request[a family's request]": "a family's request to the staff",
        "POST workspace:decide-family-request[a family's request] done": "",
        "POST workspace:annotate tag on a person": "",
        "POST workspace:remove-annotation[note on a person] remove": "",
        "POST workspace:saved-searches save": "",
    },
}


def missing_from_floor(world: World, who: str, requests: list[Request], seen: dict[str, Seen],
                       found: dict[str, list[str]]) -> list[str]:
    labels = {r.label for r in requests}
    missing = []
    for label, secret in FLOOR[who].items():
        if label not in labels:
            missing.append(f"  {label}: not in the walk (renamed?)")
        elif label not in found:
            missing.append(f"  {label}: nothing beyond a visitor's answer ({seen[label].summary()})")
        elif secret and secret not in secrets_in(seen[label].body, world):
            missing.append(f"  {label}: privileged ({'; '.join(found[label])}) but without {secret}")
    return missing


@pytest.mark.parametrize("who", ["superuser", pytest.param("moderator", marks=ON_SQLITE)])
def test_a_verified_session_has_its_privileges(world: World, who: str) -> None:
    """The positive control: with the second factor given, the privileges are where the world put them."""
    user = account(world, who)
    with REQUIRED:
        requests = plan(world)
        visitor = visitor_walk(world, requests, required=True)
        client = verified_sign_in(user, address())
        seen = walk(client, requests)
    found = privileges(world, requests, seen, visitor, user)
    missing = missing_from_floor(world, who, requests, seen, found)
    assert not missing, f"verified {who}: privileges missing where the world put them:\n" + "\n".join(missing)
    if who == "superuser":
        unreached = not_found_for_staff(requests, seen)
        assert not unreached, ("addresses filled with the world's objects that even the verified superuser finds "
                               "missing (a fill that names nothing):\n  " + "\n  ".join(unreached))


#: Fills that are 404 for everyone, on purpose.
NOT_FOUND_ON_PURPOSE = {
    "admin:view_on_site[letter]": "no model of the project has get_absolute_url: 'view on site' is 404 for any "
                                  "object; walked for the admin's permission check in front of it",
    "admin/(?P<url>.*)$[unknown address]": "the admin's catch-all: an unknown address, walked for its permission check",
    "campaigns:logo[pending organization]": "a logo is served only for a listed organization that counts",
}


def not_found_for_staff(requests: list[Request], seen: dict[str, Seen]) -> list[str]:
    """Filled addresses (route and fill) where every request of the verified superuser got a 404."""
    answers: dict[str, list[int]] = {}
    for r in requests:
        if r.route.params:
            answers.setdefault(r.target, []).append(seen[r.label].status)
    return sorted(f"{key}: {statuses}" for key, statuses in answers.items()
                  if all(s == 404 for s in statuses) and key not in NOT_FOUND_ON_PURPOSE)


@ON_SQLITE
@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_without_the_requirement_the_password_is_enough(world: World, who: str) -> None:
    """The setting is what protects: off, the same password sign-in has every privilege of the floor."""
    user = account(world, who)
    with NOT_REQUIRED:
        requests = [r for r in plan(world) if r.label in FLOOR[who]]  # the full walk is the verified session's test
        visitor = visitor_walk(world, requests, required=False)
        client = password_sign_in(user, address())
        assert signed_in_as(client, user)
        seen = walk(client, requests)
    found = privileges(world, requests, seen, visitor, user)
    missing = missing_from_floor(world, who, requests, seen, found)
    assert not missing, f"{who} with the password, setting off: privileges missing:\n" + "\n".join(missing)


@ON_SQLITE
@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_no_account_touches_another_accounts_saved_search(world: World, who: str) -> None:
    """A saved search is its owner's alone: even a verified superuser removing or marking another's gets a 404 and
    writes nothing; the owner's list still holds it."""
    user = account(world, who)
    with REQUIRED:
        requests = [r for r in plan(world) if r.label.startswith("POST workspace:saved-searches") and "another" in r.label]
        assert len(requests) == 2
        seen = walk(verified_sign_in(user, address()), requests)
    for request in requests:
        assert seen[request.label].status == 404, (request.label, seen[request.label].summary())
        assert not seen[request.label].writes, (request.label, seen[request.label].writes)
    assert world.saved_search.user == world.device_owner
    assert world.device_owner.saved_searches.filter(pk=world.saved_search.pk).exists()


@ON_SQLITE
@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_no_account_touches_another_accounts_watch(world: World, who: str) -> None:
    """A watch is its owner's alone (issue 21's alerts): stopping it, emailing it or emailing another's saved search
    is a 404 with no write, even for a verified superuser; the owner's watch is as it was."""
    user = account(world, who)
    with REQUIRED:
        requests = [r for r in plan(world) if r.label.startswith("POST workspace:watches") and "another" in r.label]
        assert len(requests) == 3
        seen = walk(verified_sign_in(user, address()), requests)
    for request in requests:
        assert seen[request.label].status == 404, (request.label, seen[request.label].summary())
        assert not seen[request.label].writes, (request.label, seen[request.label].writes)
    assert world.device_owner.watches.filter(pk=world.watch.pk, email=False).exists()


def in_uyghur(requests: list[Request]) -> list[Request]:
    """The GETs of the plan whose address has a language version, asked at /ug/… (adalet.web.languages)."""
    found = []
    for r in requests:
        if r.method == "GET" and any(type(s).__name__ == "LanguagePrefix" for s in r.route.segments):
            found.append(dataclasses.replace(r, label=f"{r.label} (ug)", path=f"/ug{r.path}"))
    return found


@ON_SQLITE
def test_the_walk_is_planned_at_addresses_without_a_language_prefix(world: World) -> None:
    """A request in Uyghur leaves 'ug' active on the thread (Django does not reset it); the walk planned after it must
    still be at unprefixed addresses, or its /ug/ variants would be /ug/ug/… (every answer a 404, no privilege seen)."""
    Client().get("/ug/")
    assert translation.get_language() == "ug"
    prefixed = [r.path for r in plan(world) if r.path.split("/")[1] in ("en", "ug", "zh-hans")]
    assert not prefixed, prefixed[:5]


@ON_SQLITE
def test_the_language_addresses_give_a_password_only_session_nothing_more(world: World) -> None:
    """/ug/… is the same site in another language (and another page-cache key): a password-only session is a visitor
    there too, and a verified one has its privileges there (the detector proven on the same addresses)."""
    with REQUIRED:
        requests = in_uyghur(plan(world))
        assert len(requests) > 50 and any(r.route.name == "workspace:person-links" for r in requests)
        visitor = visitor_walk(world, requests, required=True)
        password = walk(password_only(world, world.superuser, "no device"), requests)
        verified = walk(verified_sign_in(world.superuser, address()), requests)
    leaks = privileges(world, requests, password, visitor, world.superuser)
    assert not leaks, "at /ug/ addresses a password-only session shows more than a visitor:\n" + "\n".join(report(leaks))
    shown = privileges(world, requests, verified, visitor, world.superuser)
    statuses = sorted({verified[r.label].status for r in requests})
    assert statuses != [404], "every /ug/ address answered 404: were they planned with a language prefix already?"
    for label, secret in (("GET item[roster] (ug)", "the restricted roster's ID number"),
                          ("GET person[a person of the restricted collection] (ug)", "a note on a person"),
                          ("GET workspace:collection-notes[published] (ug)", "an unpublished note on an item")):
        assert label in shown and secret in secrets_in(verified[label].body, world), (label, shown.get(label))


# --- the walk itself -------------------------------------------------------------------------------------------------


@ON_SQLITE
def test_every_address_is_walked(world: World) -> None:
    """Every pattern of the resolver with parameters is filled from the world, or named in NOT_REACHABLE."""
    missing = unfilled(world)
    assert not missing, ("URL patterns the walk cannot fill: add a fill (tests/security/walk.py FILLS, with an "
                         "object in tests/security/world.py), or name them in NOT_REACHABLE with the reason:\n  "
                         + "\n  ".join(missing))
    keys = {r.key for r in routes()} | {r.text for r in routes()}
    stale = sorted(set(NOT_REACHABLE) - keys)
    assert not stale, f"NOT_REACHABLE names patterns that no longer exist: {stale}"
    for table, name in ((FILLS, "FILLS"), (POSTS, "POSTS"), (SEARCHES, "SEARCHES")):
        unknown = sorted(set(table) - keys)
        assert not unknown, f"{name} names patterns that no longer exist (renamed? moved?): {unknown}"
    walked = {r.route.key for r in plan(world)}
    assert walked == {r.key for r in routes()} - set(NOT_REACHABLE), "a pattern is neither walked nor excused"
    assert any(r.route.text.startswith("admin/") for r in plan(world))
    assert any(r.route.text.startswith("api/") for r in plan(world))


def test_a_visitor_is_shown_no_secret(world: World) -> None:
    """The baseline: the world's secrets are secrets (a visitor's walk shows none of them but what it typed)."""
    with REQUIRED:
        requests = plan(world)
        visitor = visitor_walk(world, requests, required=True)
    shown = {}
    for request in requests:
        typed = " ".join(str(v) for v in request.query.values())
        found = [name for name in secrets_in(visitor[request.label].body, world)
                 if not (world.markers.get(name, name.rsplit(" ", 1)[-1]) in typed)]
        if found:
            shown[request.label] = [f"shows {name}" for name in found]
    assert not shown, "a visitor is shown the world's secrets:\n" + "\n".join(report(shown))
