"""The workspace's first page: the collections the user can open, their role there and what waits for review;
the moderators' queues (organizations awaiting approval, signatures held for review, families' open requests); how many
officials, facilities and saved searches the user watches (a link to their changes); links to upload, API tokens
and the second factor."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from adalet.campaigns import held as held_signatures
from adalet.campaigns import moderation as letters_moderation
from adalet.lib.roles import Role
from adalet.people import review as link_review
from adalet.sanctions import officials
from adalet.verify import review as finding_review
from adalet.web.models import Watch
from adalet.web.roles import collection_role
from adalet.web.workspace import family_requests, saved
from adalet.web.workspace.access import at_least, can_moderate, openable_collections, workspace_view


@workspace_view
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = []
    for collection in openable_collections(request):
        role = collection_role(request.user, collection)
        if role is None:
            continue
        rows.append({
            "collection": collection,
            "role": role,
            "can_decide": at_least(role, Role.RESEARCHER),
            "findings": finding_review.pending_findings(collection).count(),
            "photo_links": link_review.links(collection).count(),
        })
    moderator = can_moderate(request)
    context = {
        "rows": rows,
        "moderator": moderator,
        "official_matches": officials.matches_for_review().count(),
        "signatures": letters_moderation.awaiting_organizations().count() if moderator else None,
        "held": held_signatures.held().count() if moderator else None,
        "can_upload": any(row["can_decide"] for row in rows),
        "family_requests": family_requests.open_count(request),  # None: not for this reader
        "search_alerts": saved.alerts(request),  # new matches of saved searches
        # the user's watches by kind (official, facility, search): counted, their changes are on the watches page
        "watching": dict(Watch.objects.filter(user=request.user).values_list("kind").annotate(n=Count("pk"))),
    }
    return render(request, "web/workspace/dashboard.html", context)
