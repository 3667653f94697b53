"""Who may do what in the workspace: sign-in (and, when required, a verified second factor), the
collections a user can open (others are 404), and the role a decision needs there.

Researchers and above decide findings and photo links in collections where they hold that role; moderators
(a group role) decide official matches and organization signatures; anyone else sees the queues read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from adalet.archive.models import Collection
from adalet.lib.roles import RANK, Role, has_role
from adalet.web.languages import unprefixed  # /ug/workspace/… is the workspace too
from adalet.web.privacy import visible_collection_ids
from adalet.web.roles import collection_role
from adalet.web.secondfactor import awaiting_second_factor

View = Callable[..., HttpResponse]


def workspace_view(view: View) -> View:
    """Sign-in required; an account signed in with its password alone while a second factor is required (a visitor,
    adalet.web.secondfactor) is sent to enrol or verify one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if awaiting_second_factor(request):
            return redirect("workspace:security")
        return login_required(view)(request, *args, **kwargs)

    return wrapped


def at_least(role: str | None, wanted: str) -> bool:
    return role is not None and RANK[role] >= RANK[wanted]


def openable_collections(request: HttpRequest) -> list[Collection]:
    return list(Collection.objects.filter(id__in=visible_collection_ids(request)).order_by("name"))


def open_collection(request: HttpRequest, name: str) -> tuple[Collection, str]:
    """The collection and the user's role there; 404 when it does not exist or is closed to the user."""
    found = Collection.objects.filter(name=name, id__in=visible_collection_ids(request)).first()
    role = collection_role(request.user, found) if found else None
    if found is None or role is None:
        raise Http404("no such collection")
    return found, role


def status_filter(request: HttpRequest, choices: tuple[str, ...]) -> str:
    """The queue's ``?status=`` when it is one of *choices*, else the first of them."""
    wanted = request.GET.get("status", choices[0])
    return wanted if wanted in choices else choices[0]


def can_moderate(request: HttpRequest) -> bool:
    return has_role(request.user, Role.MODERATOR)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def actor(request: HttpRequest) -> str:
    return request.user.get_username()


def workspace_next(request: HttpRequest, default: str) -> str:
    """The workspace page a decision's form asks to go back to (its ``next``, also under a language prefix), or
    *default*: never an address outside the workspace or the site."""
    wanted = request.POST.get("next", "")
    if unprefixed(wanted).startswith("/workspace/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        return wanted
    return default


def answer_decision(request: HttpRequest, fragment: str, context: dict[str, Any], back: str, *,
                    error: str = "", done: str = "") -> HttpResponse:
    """The answer to a decision's POST: with htmx, the item's fragment (an error shown inside it, status 200 so
    htmx swaps it in); without, back to the queue page the form was on, with the outcome as a message."""
    back = workspace_next(request, back)
    if is_htmx(request):
        return render(request, fragment, {**context, "error": error, "back": back})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(back)
