"""The moderators' queues: officials matched to sanctions-list entries by name (confirm or reject, with the
explanation), organizations that signed an open letter and await approval (approve or reject, with whether the
mailbox is at the organization's web domain and whether the registry knows the name at another domain), and
signatures held for review (per letter, grouped by why they were held, with how many confirmed their email;
released or rejected together).

Official matches are about public figures: any signed-in user sees the queue, moderators decide. Signatures carry
signers' personal data, so only moderators see those queues, as on the letters' own moderation page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from adalet.campaigns import held as held_signatures
from adalet.campaigns import mailboxes, registry
from adalet.campaigns import moderation as letters_moderation
from adalet.campaigns.models import Letter, Signature
from adalet.sanctions import officials
from adalet.sanctions.models import MatchStatus, OfficialMatch
from adalet.web.workspace.access import actor, answer_decision, can_moderate, status_filter, workspace_view

PER_PAGE = 50
MATCH_FILTERS = ("proposed", "confirmed", "rejected", "all")


def match_row(match: OfficialMatch) -> dict[str, Any]:
    person, entity = match.official, match.entity
    explanation = match.explanation if isinstance(match.explanation, list) else [str(match.explanation)]
    return {
        "id": match.pk,
        "status": match.status,
        "proposed": match.status == MatchStatus.PROPOSED,
        "reviewer": match.reviewer,
        "reviewed_at": match.reviewed_at,
        "official_id": person.pk,
        "official": person.name,
        "other_names": [n["name"] for n in person.names if n.get("name") and n["name"] != person.name][:6],
        "birth": person.birth or (person.birth_date.isoformat() if person.birth_date else ""),
        "entry": entity.caption,
        "source_id": entity.source_id,
        "authority": entity.authority,
        "programs": entity.programs,
        "entry_births": entity.birth_dates,
        "name": match.name,
        "score": round(match.score, 3),
        "explanation": [str(line) for line in explanation],
    }


@workspace_view
def official_matches(request: HttpRequest) -> HttpResponse:
    wanted = status_filter(request, MATCH_FILTERS)
    page = Paginator(officials.matches_for_review(None if wanted == "all" else wanted), PER_PAGE).get_page(
        request.GET.get("page"))
    context = {"rows": [match_row(m) for m in page.object_list], "page": page, "can_decide": can_moderate(request),
               "filter": wanted, "filters": MATCH_FILTERS}
    return render(request, "web/workspace/official_matches.html", context)


@workspace_view
@require_POST
def decide_official_match(request: HttpRequest, match_id: int) -> HttpResponse:
    match = officials.matches_for_review(None).filter(pk=match_id).first()
    if match is None:
        raise Http404("no such match")
    if not can_moderate(request):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    error = ""
    if match.status != MatchStatus.PROPOSED:
        error = _("This match was already %(status)s by %(reviewer)s.") % {"status": match.status, "reviewer": match.reviewer}
    else:
        try:
            match = officials.review([match.pk], decision, actor(request))[0]
        except officials.OfficialError as problem:
            error = str(problem)
    done = _("Match confirmed.") if decision == MatchStatus.CONFIRMED else _("Match rejected.")
    return answer_decision(request, "web/workspace/_official_match.html", {"row": match_row(match), "can_decide": True},
                           reverse("workspace:official-matches"), error=error, done=done)


def signature_row(signature: Signature) -> dict[str, Any]:
    return {
        "id": signature.pk,
        "letter": signature.letter.title,
        "slug": signature.letter.slug,
        "organization": signature.organization,
        "name": signature.name,
        "role": signature.role,
        "website": signature.website,
        "country": signature.country,
        "state": signature.state,
        "email_confirmed": bool(signature.email_confirmed_at),
        "email_domain": signature.email_domain,
        "signed_at": signature.created_at,
        "awaiting": signature.kind == Signature.Kind.ORGANIZATION and not signature.verified_by
        and signature.state in (Signature.State.PENDING, Signature.State.CONFIRMED),
        "verified_by": signature.verified_by,
        "at_own_domain": mailboxes.at_own_domain(f"x@{signature.email_domain}", signature.website),
        "known_elsewhere": registry.known_elsewhere(signature),
    }


@workspace_view
def signatures(request: HttpRequest) -> HttpResponse:
    if not can_moderate(request):
        raise PermissionDenied
    page = Paginator(letters_moderation.awaiting_organizations(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"rows": [signature_row(s) for s in page.object_list], "page": page, "can_decide": True}
    return render(request, "web/workspace/signatures.html", context)


@workspace_view
@require_POST
def decide_signature(request: HttpRequest, signature_id: int) -> HttpResponse:
    if not can_moderate(request):
        raise PermissionDenied
    signature = letters_moderation.awaiting_organizations().filter(pk=signature_id).first()
    if signature is None:
        raise Http404("no organization awaiting approval with this number")
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "").strip()[:500]
    error = ""
    try:
        if decision == "approve":
            letters_moderation.approve(signature, actor=actor(request))
        elif decision == "reject":
            letters_moderation.invalidate(signature, actor=actor(request), reason=note or "rejected in the workspace")
        else:
            error = _("Choose: approve or reject.")
    except letters_moderation.ModerationError as problem:
        error = str(problem)
    signature.refresh_from_db()
    done = _("Organization approved.") if decision == "approve" else _("Signature rejected.")
    return answer_decision(request, "web/workspace/_signature.html", {"row": signature_row(signature), "can_decide": True},
                           reverse("workspace:signatures"), error=error, done=done)


@workspace_view
def held(request: HttpRequest) -> HttpResponse:
    """Every letter with its held signatures, grouped, and a link to the letter's own moderation page."""
    if not can_moderate(request):
        raise PermissionDenied
    letters = list(held_signatures.letters_with_held())
    sections = [{"letter": letter, "groups": held_signatures.groups(letter)} for letter in letters
                if getattr(letter, "held", 0)]
    return render(request, "web/workspace/held.html", {"letters": letters, "sections": sections})


def chosen_ids(request: HttpRequest) -> list[int]:
    return [int(value) for value in request.POST.getlist("signature") if value.isdigit()]


@workspace_view
@require_POST
def decide_held(request: HttpRequest, slug: str) -> HttpResponse:
    """Release or reject the chosen held signatures of one letter, or release a group's confirmed ones."""
    if not can_moderate(request):
        raise PermissionDenied
    letter = get_object_or_404(Letter, slug=slug)
    decision = request.POST.get("decision", "")
    try:
        if decision == "release":
            done = held_signatures.release(letter, chosen_ids(request), actor=actor(request))
        elif decision == "reject":
            reason = request.POST.get("note", "").strip()[:500] or "rejected in the workspace"
            done = held_signatures.reject(letter, chosen_ids(request), actor=actor(request), reason=reason)
        elif decision == "release-confirmed":
            expected = request.POST.get("expected", "")
            done = held_signatures.release_confirmed(letter, request.POST.get("group", ""), actor=actor(request),
                                                     expected=int(expected) if expected.isdigit() else -1)
        else:
            raise held_signatures.HeldError(_("Choose: release or reject."))
    except held_signatures.HeldError as problem:
        messages.error(request, str(problem))
        return redirect("workspace:held")
    if decision == "reject":
        messages.success(request, ngettext("%(n)s held signature rejected.", "%(n)s held signatures rejected.", done) % {"n": done})
    else:
        messages.success(request, ngettext("%(n)s held signature released.", "%(n)s held signatures released.", done) % {"n": done})
    return redirect("workspace:held")
