"""Pages for campaign staff (``is_staff``): a new letter, editing one (its text in each language), and the manage
page: deadline (extensions, closing), held signatures, asks and their outcomes, delivery with its proof, the
responses received (a file upload, size-capped), publishing a drafted follow-up, and the delivery package.

Each action calls the module that does it on the command line too (letters, editing, deadlines, outcomes,
delivered, followups), each of which puts it on the custody log. Moderation stays with moderators (views.moderate).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from adalet.campaigns import deadlines, delivered, editing, followups, held, letters, outcomes
from adalet.campaigns.deadlines import DeadlineError
from adalet.campaigns.forms import AskForm, DeliverForm, LetterForm, ResponseForm, text_field_names
from adalet.campaigns.models import Letter
from adalet.campaigns.views import actor
from adalet.lib.display import fingerprint, safe_name

#: The errors the actions raise, each one line for the page.
ACTION_ERRORS = (DeadlineError, delivered.DeliveryError, outcomes.AskError, held.HeldError, ValueError)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@staff_member_required
def new_letter(request: HttpRequest) -> HttpResponse:
    form = LetterForm(request.POST or None, initial={"language": "en", "time_zone": "UTC"})
    if request.method == "POST" and form.is_valid():
        letter = editing.create(form.cleaned_data, form.texts(), actor=actor(request), base_url=base_url(request))
        messages.success(request, _("The letter is created."))
        return redirect("campaigns:manage", slug=letter.slug)
    return render(request, "campaigns/edit.html", {"form": form, "letter": None, "texts": text_fields(form)},
                  status=400 if form.errors else 200)


def initial(letter: Letter) -> dict[str, Any]:
    zone = deadlines.zone(letter.time_zone)
    data: dict[str, Any] = {
        "language": letter.language, "recipients": letter.recipients, "goal": letter.goal, "material": True,
        "opens_at": letter.opens_at.astimezone(zone).replace(tzinfo=None), "deadline": letter.deadline,
        "time_zone": letter.time_zone}
    title, body = text_field_names(letter.language)
    data[title], data[body] = letter.title, letter.body
    for code, found in letters.translations(letter).items():
        if code != letter.language:
            title, body = text_field_names(code)
            data[title], data[body] = found.title, found.body
    return data


@staff_member_required
def edit_letter(request: HttpRequest, slug: str) -> HttpResponse:
    letter = get_object_or_404(Letter, slug=slug)
    form = LetterForm(request.POST or None, letter=letter, initial=initial(letter))
    if request.method == "POST" and form.is_valid():
        done = editing.edit(letter, form.cleaned_data, form.texts(), actor=actor(request), base_url=base_url(request))
        if done.languages or done.settings:
            messages.success(request, ngettext("Saved; %(n)s signer is asked to confirm again.",
                                               "Saved; %(n)s signers are asked to confirm again.", done.asked)
                             % {"n": done.asked})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("campaigns:manage", slug=letter.slug)
    return render(request, "campaigns/edit.html", {"form": form, "letter": letter, "texts": text_fields(form)},
                  status=400 if form.errors else 200)


def text_fields(form: LetterForm) -> list[dict[str, Any]]:
    """Each language's title and body fields, for the form's sections."""
    from django.conf import settings

    return [{"code": code, "name": name, "title": form[text_field_names(code)[0]], "body": form[text_field_names(code)[1]]}
            for code, name in settings.LANGUAGES]


def save_response(request: HttpRequest, letter: Letter, form: ResponseForm) -> None:
    """Record the response; an uploaded file goes to the blob store by way of a temporary file of its own name."""
    data = form.cleaned_data
    common = {"recipient": data["sender"], "received_on": data["received_on"], "text": data.get("text") or "",
              "actor": actor(request)}
    upload = data.get("file")
    if upload is None:
        delivered.respond(letter, **common)
        return
    with tempfile.TemporaryDirectory(prefix="adalet-response-") as folder:
        name = safe_name(Path(upload.name or "").name).strip(". ") or "response"
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        delivered.respond(letter, file=path, **common)


def act(request: HttpRequest, letter: Letter, action: str, forms: dict[str, Any]) -> str | None:
    """Do *action* from the manage page; a message for the next page, or None when a form has errors."""
    if action == "extend":
        try:
            new_deadline = date.fromisoformat(request.POST.get("deadline", ""))
        except ValueError:
            raise DeadlineError(_("Give the new last day as a date.")) from None
        told = letters.extend(letter, new_deadline,
                              reason=request.POST.get("reason", ""), actor=actor(request), base_url=base_url(request))
        return ngettext("Deadline extended; %(n)s signer told.", "Deadline extended; %(n)s signers told.", told) % {
            "n": told}
    if action == "close":
        deadlines.close(letter, actor=actor(request))
        return _("The letter is closed.")
    if action == "publish":
        followups.publish(letter, actor=actor(request))
        return _("The follow-up is published and open for signatures.")
    if action == "deliver":
        delivery = forms["deliver"] = DeliverForm(request.POST)
        if not delivery.is_valid():
            return None
        data = delivery.cleaned_data
        record = delivered.deliver(letter, to=data["to"].splitlines(), method=data["method"],
                                   reference=data["reference"], actor=actor(request))
        return _("Delivery recorded: PDF SHA-256 %(sha)s.") % {"sha": fingerprint(record.pdf_sha256)}
    if action == "respond":
        response = forms["respond"] = ResponseForm(request.POST, request.FILES)
        if not response.is_valid():
            return None
        save_response(request, letter, response)
        return _("The response is recorded.")
    if action == "ask":
        asking = forms["ask"] = AskForm(request.POST)
        if not asking.is_valid():
            return None
        made = outcomes.add_asks(letter, asking.cleaned_data["officials"], asking.cleaned_data["jurisdictions"],
                                 actor=actor(request))
        return ngettext("%(n)s ask added.", "%(n)s asks added.", len(made)) % {"n": len(made)}
    raise ValueError(_("Unknown action."))


#: What a manage page's POST carries besides a response's file, at most (bytes).
FORM_BYTES = 64 * 1024


@staff_member_required
@csrf_exempt  # the CSRF check reads the body: it is made (csrf_protect) once the body is known to be within the cap
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The manage page; a POST larger than a response's file may be is refused before its body is read."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0) if request.method == "POST" else 0
    if declared > delivered.MAX_RESPONSE_BYTES + FORM_BYTES:
        message = _("The file is too large (at most %(n)s MB).") % {"n": delivered.MAX_RESPONSE_BYTES // 1_000_000}
        return manage_page(request, get_object_or_404(Letter, slug=slug), {}, error=message, status=413)
    return manage_action(request, slug)


@csrf_protect
def manage_action(request: HttpRequest, slug: str) -> HttpResponse:
    letter = get_object_or_404(Letter, slug=slug)
    forms: dict[str, Any] = {}
    if request.method != "POST":
        return manage_page(request, letter, forms)
    try:
        done = act(request, letter, request.POST.get("action", ""), forms)
    except ACTION_ERRORS as failure:
        return manage_page(request, letter, forms, error=str(failure), status=400)
    if done is None:
        return manage_page(request, letter, forms, error=_("Please correct the marked fields."), status=400)
    messages.success(request, done)
    return redirect("campaigns:manage", slug=slug)


def manage_page(request: HttpRequest, letter: Letter, forms: dict[str, Any], *, error: str = "",
                status: int = 200) -> HttpResponse:
    deliveries = list(letter.deliveries.all())
    context = {
        "letter": letter, "error": error, "tally": letters.tally(letter), "status": deadlines.status(letter),
        "closes_at": deadlines.closes_at(letter), "extensions": list(letter.extensions.all()),
        "held": held.held(letter).count(), "asks": list(letter.asks.select_related("official")),
        "deliveries": deliveries, "checks": [(d, delivered.check(d)) for d in deliveries],
        "responses": list(letter.responses.all()), "drafts": list(letter.follow_ups.filter(draft=True)),
        "translations": letters.translations(letter),
        "deliver_form": forms.get("deliver") or DeliverForm(initial={"to": letter.recipients, "method": "email"}),
        "response_form": forms.get("respond") or ResponseForm(),
        "ask_form": forms.get("ask") or AskForm(),
    }
    return render(request, "campaigns/manage.html", context, status=status)
