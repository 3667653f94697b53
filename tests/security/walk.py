"""The walk: every URL pattern of the project's resolver, each parameter filled from the world's real objects, asked
with GET (and, where a view takes one, a POST with the privileged action it exists for) by one client; what each
answer shows is recorded: status, body, templates, database writes, custody records, downloads.

Nothing here is a hand list of addresses: `routes()` reads django.urls.get_resolver() recursively, and `plan()` turns
each route into requests with `FILLS` (the route's parameters) and `POSTS` (its actions). A route that takes
parameters and has no fill fails `unfilled()`, so a new address forces this file to be extended, unless it is in
`NOT_REACHABLE` with the reason why.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation

from adalet.archive.models import CustodyRecord
from tests.security.world import ID_PATTERN, RESTRICTED, World

# --- the routes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    segments: tuple[Any, ...]  # the patterns from the root to this one (RoutePattern or RegexPattern)
    name: str  # namespace:name, or "" for an unnamed pattern
    callback: Any
    params: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(str(s) for s in self.segments)

    @property
    def key(self) -> str:
        """The name when the pattern has one, else the pattern's text."""
        return self.name or self.text


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, segments: tuple[Any, ...], namespaces: tuple[str, ...]) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, (*segments, entry.pattern), (*namespaces, *([entry.namespace] if entry.namespace else [])))
            elif isinstance(entry, URLPattern):
                chain = (*segments, entry.pattern)
                params = tuple(p for s in chain for p in _params(s))
                name = ":".join((*namespaces, entry.name)) if entry.name else ""
                found.append(Route(chain, name, entry.callback, params))

    walk(get_resolver(), (), ())
    return found


def _params(pattern: Any) -> list[str]:
    regex = pattern.regex
    return list(regex.groupindex)


def build_path(route: Route, values: dict[str, Any]) -> str:
    """The address of ``route`` with ``values``; it must resolve back to the same view with the same values."""
    parts = []
    for segment in route.segments:
        text = str(segment)
        if type(segment).__name__ == "RoutePattern":
            text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: quote(str(values[m.group(1)]), safe=""), text)
        else:
            text = _fill_regex(text.removeprefix("^").removesuffix("$"), values)
        parts.append(text)
    path = "/" + "".join(parts)
    match = resolve(path)
    assert match.func is route.callback, f"{path} resolves to {match.func}, not the view of {route.text}"
    assert {k: str(v) for k, v in match.kwargs.items()} == {k: str(v) for k, v in values.items()}, (path, match.kwargs)
    return path


def _fill_regex(text: str, values: dict[str, Any]) -> str:
    out, i = [], 0
    while i < len(text):
        if text.startswith("(?P<", i):
            name = text[i + 4 : text.index(">", i)]
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append(quote(str(values[name]), safe="/"))
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# --- filling the parameters -----------------------------------------------------------------------------------

Fill = tuple[str, dict[str, Any]]  # a label for reports, and the route's parameters

FILLS: dict[str, Callable[[World], list[Fill]]] = {
    "collection": lambda w: [("restricted", {"name": w.restricted.name}), ("published", {"name": w.published.name})],
    "collection-photos": lambda w: [("restricted", {"name": w.restricted.name}), ("published", {"name": w.published.name})],
    "collection-statistics": lambda w: [("restricted", {"name": w.restricted.name}),
                                        ("published", {"name": w.published.name})],
    "official": lambda w: [("evidence on a restricted item", {"official_id": w.official.pk})],
    "official-detentions": lambda w: [("admitted", {"official_id": w.official.pk, "which": "admitted"}),
                                      ("held", {"official_id": w.official.pk, "which": "held"})],
    "record-extract": lambda w: [("a person of the restricted collection", {"person_id": w.photo_link.person_id})],
    "collection-bundle": lambda w: [("restricted", {"name": w.restricted.name}), ("published", {"name": w.published.name})],
    "thumbnail": lambda w: [("restricted photo", {"item_id": w.photo.pk})],
    "item": lambda w: [("roster", {"item_id": w.roster.pk}), ("notice", {"item_id": w.notice.pk}),
                       ("withheld", {"item_id": w.late.pk}), ("restricted photo", {"item_id": w.photo.pk})],
    "item-original": lambda w: [("roster", {"item_id": w.roster.pk}), ("notice", {"item_id": w.notice.pk}),
                                ("withheld", {"item_id": w.late.pk})],
    "item-page-image": lambda w: [("restricted photo", {"item_id": w.photo.pk, "number": 1})],
    "campaigns:confirm": lambda w: [("pending organization", {"token": w.signer_link(w.pending_organization)})],
    "campaigns:withdraw": lambda w: [("recipients-only signer", {"token": w.signer_link(w.recipients_only)})],
    "campaigns:letter": lambda w: [("letter", {"slug": w.letter.slug}), ("draft", {"slug": w.draft.slug})],
    "campaigns:response-file": lambda w: [("response", {"slug": w.letter.slug, "pk": w.response.pk})],
    "campaigns:sign": lambda w: [("individual", {"slug": w.letter.slug, "kind": "individual"})],
    "campaigns:thanks": lambda w: [("letter", {"slug": w.letter.slug})],
    "campaigns:logo": lambda w: [("approved organization", {"slug": w.letter.slug, "pk": w.organization.pk}),
                                 ("pending organization", {"slug": w.letter.slug, "pk": w.pending_organization.pk})],
    "campaigns:moderate": lambda w: [("letter", {"slug": w.letter.slug})],
    "campaigns:manage": lambda w: [("letter", {"slug": w.letter.slug}), ("draft", {"slug": w.draft.slug})],
    "campaigns:edit": lambda w: [("letter", {"slug": w.letter.slug}), ("draft", {"slug": w.draft.slug})],
    "campaigns:counter": lambda w: [("letter", {"slug": w.letter.slug})],
    "campaigns:export": lambda w: [("csv", {"slug": w.letter.slug, "kind": "csv"}),
                                   ("pdf", {"slug": w.letter.slug, "kind": "pdf"})],
    "workspace:findings": lambda w: [("restricted", {"name": w.restricted.name})],
    "workspace:decide-finding": lambda w: [("restricted", {"name": w.restricted.name, "key": w.finding_key})],
    "workspace:photo-links": lambda w: [("restricted", {"name": w.restricted.name})],
    "workspace:decide-photo-link": lambda w: [("restricted", {"name": w.restricted.name, "link_id": w.photo_link.pk})],
    "workspace:bulk-findings": lambda w: [("restricted", {"name": w.restricted.name})],
    "workspace:bulk-photo-links": lambda w: [("restricted", {"name": w.restricted.name})],
    "workspace:decide-person-link": lambda w: [("proposed", {"link_id": w.person_link.pk})],
    "workspace:family-request": lambda w: [("a family's request", {"request_id": w.relative_request.pk})],
    "workspace:decide-family-request": lambda w: [("a family's request", {"request_id": w.relative_request.pk})],
    "workspace:collection-notes": lambda w: [("restricted", {"name": w.restricted.name}),
                                             ("published", {"name": w.published.name})],
    "workspace:publish-annotation": lambda w: [("note on a published item", {"annotation_id": w.item_note.pk}),
                                               ("note on a person", {"annotation_id": w.person_note.pk})],
    "workspace:remove-annotation": lambda w: [("note on a published item", {"annotation_id": w.item_note.pk}),
                                              ("note on a person", {"annotation_id": w.person_note.pk})],
    "person": lambda w: [("a person of the restricted collection", {"person_id": w.person.pk})],
    "workspace:decide-official-match": lambda w: [("proposed", {"match_id": w.match.pk})],
    "workspace:decide-signature": lambda w: [("pending organization", {"signature_id": w.pending_organization.pk})],
    "workspace:decide-held": lambda w: [("letter", {"slug": w.letter.slug})],
    "workspace:revoke-token": lambda w: [("superuser's", {"token_id": w.tokens["superuser"]}),
                                         ("moderator's", {"token_id": w.tokens["moderator"]})],
    "api:match_dataset": lambda w: [("default", {"dataset": "default"}), ("eu_fsf", {"dataset": "eu_fsf"})],
    "yente:match": lambda w: [("default", {"dataset": "default"}), ("eu_fsf", {"dataset": "eu_fsf"})],
    "yente:search": lambda w: [("default", {"dataset": "default"}), ("eu_fsf", {"dataset": "eu_fsf"})],
    "yente:entity": lambda w: [("unknown", {"entity_id": "ofac-00000"})],
    "yente:adjacent": lambda w: [("unknown", {"entity_id": "ofac-00000"})],
    "yente:adjacent_by_property": lambda w: [("unknown", {"entity_id": "ofac-00000", "property_name": "sanctions"})],
    # the admin's own addresses that are not a model's
    "admin:view_on_site": lambda w: [("letter", {"content_type_id": ContentType.objects.get_for_model(w.letter).pk,
                                                 "object_id": w.letter.pk})],
    "admin:app_list": lambda w: [("campaigns", {"app_label": "campaigns"}), ("auth", {"app_label": "auth"})],
    "admin/(?P<url>.*)$": lambda w: [("unknown address", {"url": "campaigns/nothing-here/"})],
}

#: Patterns with parameters that no fixture can reach, and why. Keep it small: each is an address never walked.
NOT_REACHABLE: dict[str, str] = {}


def admin_model(route: Route) -> Any | None:
    """The model of an admin address under admin/<app>/<model>/, or None."""
    match = re.match(r"admin/(\w+)/(\w+)/", route.text)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model
    return None


def fills(route: Route, world: World) -> list[Fill] | None:
    """The parameters to walk ``route`` with: [("", {})] when it takes none, None when nothing fills it."""
    if not route.params:
        return [("", {})]
    if route.key in FILLS:
        return FILLS[route.key](world)
    model = admin_model(route)
    if model is not None and len(route.params) == 1:
        obj = world.objects.get(model) or model._default_manager.order_by("pk").first()
        if obj is None:
            return None
        return [(model._meta.label_lower, {route.params[0]: obj.pk})]
    return None


def unfilled(world: World) -> list[str]:
    return [r.text for r in routes() if r.key not in NOT_REACHABLE and r.text not in NOT_REACHABLE
            and fills(r, world) is None]


# --- the requests -----------------------------------------------------------------------------------------------

#: The sign-in pages: the one thing a password-only session may use (the rule), so its answers there may differ from
#: a visitor's; they are still searched for secrets. They are not posted to: a POST there signs in or out, or enrols.
SIGN_IN = {"login", "login-code", "logout", "workspace:security"}

#: Searches, for the views that take a query.
SEARCHES = {
    "search": lambda w: [("", {}), ("restricted ID", {"q": w.markers["the restricted roster's ID number"]}),
                         ("published ID", {"q": w.markers["the published notice's ID number, unmasked"]}),
                         ("restricted word", {"q": "qv7rosterword"}), ("withheld word", {"q": "qv7lateword"})],
    "relatives": lambda w: [("", {}), ("name", {"name": "艾克拜尔", "year": "1979"})],
    "campaigns:moderate": lambda w: [("", {}), ("bulk preview", {"domain": "qv7-signers.example"})],
}
SEARCHES["api:search"] = lambda w: [q for q in SEARCHES["search"](w) if q[1]]
SEARCHES["search-export-csv"] = SEARCHES["search-export-json"] = SEARCHES["api:search"]  # exports: as the page

Data = dict[str, Any]
#: The privileged actions each view exists for; a view that is not the admin's and has none here gets an empty POST.
POSTS: dict[str, Callable[[World], list[tuple[str, Callable[[], Data]]]]] = {
    "campaigns:manage": lambda w: [
        ("close", lambda: {"action": "close"}),
        ("extend", lambda: {"action": "extend", "deadline": (w.letter.deadline + timedelta(days=9)).isoformat(),
                            "reason": "more time"}),
        ("deliver", lambda: {"action": "deliver", "to": "The Chair", "method": "email", "reference": "walk"}),
        ("respond", lambda: {"action": "respond", "sender": "The Chair", "received_on": w.letter.deadline.isoformat(),
                             "file": SimpleUploadedFile("walk-reply-qv7.txt", b"a reply from the walk")}),
        ("ask", lambda: {"action": "ask", "officials": "CHEN Quanguo", "jurisdictions": ["uk"]}),
        ("publish", lambda: {"action": "publish"})],
    "campaigns:new": lambda w: [("create", lambda: {
        "slug": "walk-letter-qv7", "language": "en", "recipients": "The Chair", "title_en": "Walk letter qv7",
        "body_en": "We call on the Chair.", "opens_at": "2030-01-01T09:00", "deadline": "2030-02-01",
        "time_zone": "UTC"})],
    "campaigns:edit": lambda w: [("revise", lambda: {
        "language": "en", "recipients": "The Chair", "title_en": "Open letter qv7, revised",
        "body_en": "We call on **the Chair** to act now.", "material": "on", "note": "walk"})],
    "campaigns:moderate": lambda w: [
        ("approve", lambda: {"action": "approve", "signature": w.pending_organization.pk}),
        ("invalidate", lambda: {"action": "invalidate", "signature": w.recipients_only.pk, "reason": "walk"}),
        ("bulk", lambda: {"action": "bulk", "domain": "qv7-signers.example", "expected": "2", "reason": "walk"})],
    "workspace:decide-finding": lambda w: [("confirmed", lambda: {"decision": "confirmed"})],
    "workspace:decide-photo-link": lambda w: [("confirmed", lambda: {"decision": "confirmed"})],
    "workspace:bulk-findings": lambda w: [("confirmed", lambda: {"decision": "confirmed", "chosen": [w.finding_key]})],
    "workspace:bulk-photo-links": lambda w: [
        ("confirmed", lambda: {"decision": "confirmed", "chosen": [str(w.photo_link.pk)]})],
    "workspace:decide-person-link": lambda w: [("confirmed", lambda: {"decision": "confirmed", "note": "walk"})],
    "workspace:decide-family-request": lambda w: [("done", lambda: {"action": "answer", "status": "done", "note": "walk"})],
    "workspace:annotate": lambda w: [
        ("note on an item", lambda: {"item": str(w.notice.pk), "kind": "note", "text": "a note from the walk"}),
        ("tag on a person", lambda: {"person": str(w.person.pk), "kind": "tag", "text": "walk-tag"})],
    "workspace:publish-annotation": lambda w: [("publish", lambda: {"publish": "1"}),
                                               ("withdraw", lambda: {"publish": "0"})],
    "workspace:remove-annotation": lambda w: [("remove", lambda: {})],
    "workspace:saved-searches": lambda w: [
        ("save", lambda: {"action": "save", "q": "qv7rosterword"}),
        ("remove another account's", lambda: {"action": "remove", "id": str(w.saved_search.pk)}),
        ("mark another account's seen", lambda: {"action": "seen", "id": str(w.saved_search.pk)})],
    "workspace:watch": lambda w: [
        ("watch an official", lambda: {"kind": "official", "id": str(w.official.pk), "action": "watch"}),
        ("watch the restricted collection's facility", lambda: {"kind": "facility", "id": str(w.watch.facility_id),
                                                                "action": "watch"})],
    "workspace:watches": lambda w: [
        ("stop another account's watch", lambda: {"action": "stop", "id": str(w.watch.pk)}),
        ("email another account's watch", lambda: {"action": "email-on", "id": str(w.watch.pk)}),
        ("email another account's saved search", lambda: {"action": "email-search", "id": str(w.saved_search.pk)})],
    "relatives-next": lambda w: [("request", lambda: {
        "kind": "correction", "name": "Walk Requester", "contact": "walk-qv7@example.org", "relation": "cousin",
        "message": "A record from the walk is wrong.", "record": str(w.person.pk)})],
    "workspace:decide-official-match": lambda w: [("confirmed", lambda: {"decision": "confirmed"})],
    "workspace:decide-signature": lambda w: [("approve", lambda: {"decision": "approve"})],
    "workspace:decide-held": lambda w: [
        ("release", lambda: {"decision": "release", "signature": w.held.pk}),
        ("reject", lambda: {"decision": "reject", "signature": w.held.pk, "note": "walk"})],
    "workspace:upload": lambda w: [("file", lambda: {
        "collection": RESTRICTED, "source": "handed over in the walk",
        "file": SimpleUploadedFile("walk-upload-qv7.txt", b"an upload from the walk", content_type="text/plain")})],
    "workspace:tokens": lambda w: [("create", lambda: {"name": "walk token"})],
    "workspace:revoke-token": lambda w: [("revoke", lambda: {})],
    "api:match_all": lambda w: [("screen", lambda: {})],
}

NEW_PASSWORD = "a new password set by the walk 42"


def admin_posts(route: Route, world: World) -> list[tuple[str, Callable[[], Data]]]:
    """The admin's privileged POSTs: delete an object, set another account's password, a change list's action."""
    name = route.name
    if name.endswith("_delete"):
        return [("delete", lambda: {"post": "yes"})]
    if name == "admin:auth_user_password_change":
        return [("set password", lambda: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                          "usable_password": "true"})]
    if name == "admin:campaigns_signature_changelist":
        signature = world.recipients_only.pk
        return [("delete selected", lambda: {"action": "delete_selected", "_selected_action": [signature],
                                             "post": "yes"})]
    if name == "admin:auth_user_add":
        return [("add an account", lambda: {"username": "walk-made", "password1": NEW_PASSWORD,
                                             "password2": NEW_PASSWORD, "usable_password": "true"})]
    return []


@dataclass(frozen=True)
class Request:
    label: str  # "GET item[roster]", "POST campaigns:manage[letter] close": what reports and floors name
    target: str  # the route and its fill: "item[roster]"
    route: Route
    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    data: Callable[[], Data] | None = None

    @property
    def sign_in(self) -> bool:
        return self.route.key in SIGN_IN


def plan(world: World) -> list[Request]:
    """Every request of the walk, at the addresses without a language prefix (whatever language a request before it
    left active on the thread: a pattern's language prefix prints the active language's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _plan(world)


def _plan(world: World) -> list[Request]:
    requests = []
    for route in routes():
        if route.key in NOT_REACHABLE or route.text in NOT_REACHABLE:
            continue
        filled = fills(route, world)
        assert filled is not None, f"no fill for {route.text}: see test_every_address_is_walked"
        is_admin = route.text.startswith("admin/")
        for fill_label, values in filled:
            path = build_path(route, values)
            base = route.key + (f"[{fill_label}]" if fill_label else "")
            for query_label, query in (SEARCHES[route.key](world) if route.key in SEARCHES else [("", {})]):
                requests.append(Request(f"GET {base}" + (f"?{query_label}" if query_label else ""), base, route,
                                        "GET", path, query))
            if route.key in SIGN_IN:
                continue
            actions = POSTS[route.key](world) if route.key in POSTS else []
            actions += admin_posts(route, world) if is_admin else []
            if not is_admin and not actions:
                actions = [("(empty)", lambda: {})]
            for action_label, data in actions:
                requests.append(Request(f"POST {base} {action_label}", base, route, "POST", path, data=data))
    return requests


# --- one answer -------------------------------------------------------------------------------------------------

#: Writes that say nothing of a privilege: the session row, the custody log (read apart: who it names), django-axes'
#: records of sign-ins.
QUIET_TABLES = {"django_session", CustodyRecord._meta.db_table, "axes_accesslog", "axes_accessattempt",
                "axes_accessfailurelog", "axes_accessattemptexpiration"}
WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)


@dataclass
class Seen:
    status: int
    location: str
    body: str
    templates: tuple[str, ...]
    writes: frozenset[str]
    custody: tuple[tuple[str, str], ...]  # (action, actor) appended
    download: bool

    def summary(self) -> str:
        where = f" -> {self.location}" if self.location else ""
        return f"{self.status}{where}"


def ask(client: Client, request: Request) -> Seen:
    """Make the request in a savepoint rolled back after it, and give the client back its cookies: the next request
    meets the same world with the same session (a request that cycles the session key, as a password change does,
    would otherwise leave the client a key whose row the rollback removed)."""
    writes: set[str] = set()
    cookies = copy.deepcopy(client.cookies)

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        found = WRITE.match(sql)
        if found and found.group(2) not in QUIET_TABLES:
            writes.add(f"{found.group(1).split()[0].upper()} {found.group(2)}")
        return execute(sql, params, many, context)

    with transaction.atomic():
        last = CustodyRecord.objects.aggregate(m=Max("seq"))["m"] or 0
        with connection.execute_wrapper(record):
            if request.method == "GET":
                response = client.get(request.path, request.query)
            else:
                assert request.data is not None
                response = client.post(request.path, request.data())
        custody = tuple(CustodyRecord.objects.filter(seq__gt=last).values_list("action", "actor"))
        transaction.set_rollback(True)
    client.cookies = cookies
    # the test client closes what it answered (a streamed answer once read): closing again here would close the
    # database connection, through request_finished
    raw = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    templates = tuple(sorted({t.name for t in getattr(response, "templates", []) if t.name}))
    return Seen(
        status=response.status_code, location=response.get("Location", ""), body=raw.decode("utf-8", "replace"),
        templates=templates, writes=frozenset(writes), custody=custody,
        download="attachment" in response.get("Content-Disposition", ""),
    )


def walk(client: Client, requests: list[Request]) -> dict[str, Seen]:
    return {r.label: ask(client, r) for r in requests}


# --- what an answer shows beyond a visitor's ------------------------------------------------------------------

PRIVILEGED_TEMPLATES = re.compile(r"^(admin/|web/workspace/|campaigns/(moderate|manage|delivery)\.html|registration/)")
SIGN_IN_TEMPLATES = {"web/workspace/security.html", "web/workspace/login_code.html"}


def secrets_in(body: str, world: World) -> dict[str, int]:
    """The world's secrets in an answer, with how often each is there (a search page repeats its query: a secret is
    shown beyond a visitor's answer when it is there more often)."""
    shown = {name: body.count(secret) for name, secret in world.markers.items() if secret in body}
    for number in ID_PATTERN.findall(body):
        if number in world.id_numbers:
            shown[f"the unmasked ID number {number}"] = shown.get(f"the unmasked ID number {number}", 0) + 1
    return shown


def beyond_visitor(seen: Seen, visitor: Seen, world: World, account: str, *, sign_in: bool) -> list[str]:
    """What ``seen`` shows that a visitor's answer to the same request does not: the evidence of a privilege."""
    mine, theirs = secrets_in(seen.body, world), secrets_in(visitor.body, world)
    found = [f"shows {name}" + (f" ({n} times, a visitor {theirs[name]})" if name in theirs else "")
             for name, n in mine.items() if n > theirs.get(name, 0)]
    acted = sorted({action for action, actor in seen.custody if actor == account})
    if acted:
        found.append(f"custody log records {', '.join(acted)} by {account}")
    if sign_in:
        return found
    if seen.status // 100 != visitor.status // 100:
        found.append(f"status {seen.summary()} where a visitor gets {visitor.summary()}")
    templates = [t for t in seen.templates if PRIVILEGED_TEMPLATES.match(t) and t not in SIGN_IN_TEMPLATES
                 and t not in visitor.templates]
    if templates:
        found.append(f"renders {', '.join(templates)}")
    writes = sorted(seen.writes - visitor.writes)
    if writes:
        found.append(f"writes {', '.join(writes)}")
    if seen.download and not visitor.download:
        found.append("a download")
    return found


def report(findings: dict[str, list[str]]) -> Iterator[str]:
    for label, found in findings.items():
        yield f"  {label}: {'; '.join(found)}"

