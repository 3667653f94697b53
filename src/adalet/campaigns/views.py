"""Public pages of a letter (the text, counts, public list, signing forms; confirm and withdraw by link) and the
pages for moderators (the queue, bulk invalidation) and the export for organizers, who are staff (their other pages:
staff.py; the embeddable counter: embed.py).

A letter's page shows its text in the reader's language when it has one (``?text=CODE`` picks another), with links
to the others, share links and a social preview (sharing.py), and progress towards its signature goal.

A signature records the language its page was shown in (the site's choice: cookie or Accept-Language), which the
signer's emails then speak."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import user_passes_test
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from adalet.campaigns import deadlines, delivered, delivery, letters, markup, moderation, notices, sharing, signing, tokens
from adalet.campaigns.forms import IndividualForm, OrganizationForm, SignatureForm
from adalet.campaigns.guard import Refused
from adalet.campaigns.models import Letter, Response, Signature
from adalet.campaigns.moderation import Criteria, ModerationError
from adalet.lib.clientip import client_ip
from adalet.lib.display import safe_name
from adalet.lib.roles import has_role

FORMS: dict[str, type[SignatureForm]] = {"individual": IndividualForm, "organization": OrganizationForm}


def reader_text(request: HttpRequest, letter: Letter) -> letters.Text:
    """The letter in the language asked for (``?text=ug``), else the page's, else its own."""
    wanted = request.GET.get("text", "")
    if wanted not in dict(settings.LANGUAGES):
        wanted = getattr(request, "LANGUAGE_CODE", "") or letter.language
    return letters.text_for(letter, wanted)


def letter_page(request: HttpRequest, letter: Letter, forms: dict[str, SignatureForm] | None = None,
                status: int = 200, error: str = "") -> HttpResponse:
    forms = forms or {}
    text = reader_text(request, letter)
    with translation.override(settings.LANGUAGE_CODE):  # the letter's address without /ug/: shared, it opens in
        address = request.build_absolute_uri(reverse("campaigns:letter", args=[letter.slug]))  # the reader's language
    tally = letters.tally(letter)
    languages = dict(settings.LANGUAGES)
    others = [(code, languages[code]) for code in [letter.language, *letters.translations(letter)]
              if code != text.language and code in languages]
    context = {
        "letter": letter, "text": text, "body": markup.render(text.body), "status": deadlines.status(letter),
        "closes_at": deadlines.closes_at(letter), "extensions": list(letter.extensions.all()),
        "tally": tally, "listed": letters.public_list(letter), "links": list(letter.links.all()),
        "recipients": [line for line in letter.recipients.splitlines() if line.strip()],
        "individual_form": forms.get("individual") or IndividualForm(),
        "organization_form": forms.get("organization") or OrganizationForm(),
        "active": next(iter(forms), "individual"), "error": error,
        "asks": list(letter.asks.select_related("official")), "deliveries": list(letter.deliveries.all()),
        "responses": list(letter.responses.all()), "follows": letter.follows,
        "other_languages": list(dict(others).items()), "address": address,
        "share": sharing.share_links(address, text.title), "description": sharing.description(text.body),
        "goal_percent": min(100, round(100 * tally["total"] / letter.goal)) if letter.goal else None,
    }
    return render(request, "campaigns/letter.html", context, status=status)


def index(request: HttpRequest) -> HttpResponse:
    now = deadlines.now()
    language = getattr(request, "LANGUAGE_CODE", "")
    shown = [(letter, letters.text_for(letter, language or letter.language))
             for letter in Letter.objects.filter(opens_at__lte=now, draft=False)]
    return render(request, "campaigns/index.html", {"letters": shown})


def shown_letter(request: HttpRequest, slug: str) -> Letter:
    """The letter of *slug*; a draft only for staff (to everyone else it does not exist)."""
    found = get_object_or_404(Letter, slug=slug)
    if found.draft and not request.user.is_staff:
        raise Http404
    return found


def letter(request: HttpRequest, slug: str) -> HttpResponse:
    return letter_page(request, shown_letter(request, slug))


def response_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A response's file, as recorded (by its hash), for download only."""
    found = get_object_or_404(Response, pk=pk, letter=shown_letter(request, slug))
    if not found.file_sha256:
        raise Http404
    data = delivered.response_bytes(found)
    reply = HttpResponse(data, content_type="application/octet-stream")
    reply["Content-Disposition"] = content_disposition_header(True, safe_name(found.file_name) or "response")
    reply["Content-Security-Policy"] = "default-src 'none'"
    reply["X-Content-Type-Options"] = "nosniff"
    return reply


@require_POST
def sign(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    letter = signing.letter_for_signing(slug)  # the letter as this process last read it: the insert checks it
    if letter is None:
        raise Http404
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](request.POST, request.FILES)
    if form.is_bot():  # the honeypot: looks like success, stores nothing
        return redirect("campaigns:thanks", slug=slug)
    if not form.is_valid():
        return letter_page(request, letter, {kind: form}, status=400, error=_("Please correct the marked fields."))
    submission = form.submission()
    submission.language = notices.language(getattr(request, "LANGUAGE_CODE", ""))  # the page's: the emails speak it
    try:
        signing.sign(letter, submission, ip=client_ip(request), seconds=form.seconds(),
                     base_url=request.build_absolute_uri("/"))
    except Refused as refusal:
        return letter_page(request, letter, {kind: form}, status=400, error=str(refusal))
    return redirect("campaigns:thanks", slug=slug)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "campaigns/thanks.html", {"letter": get_object_or_404(Letter, slug=slug)})


def link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/link_invalid.html", status=404)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    signature = tokens.signature_for(token)
    if signature is None:
        return link_invalid(request)
    outcome = signing.confirm(signature)
    return render(request, "campaigns/confirmed.html", {"letter": signature.letter, "outcome": outcome,
                                                        "signature": signature, "token": token})


def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    signature = tokens.signature_for(token)
    if signature is None:
        return link_invalid(request)
    context = {"letter": signature.letter, "token": token, "done": False, "error": ""}
    if request.method == "POST":
        try:
            signing.withdraw(signature)
            context["done"] = True
        except Refused as refusal:
            context["error"] = str(refusal)
    return render(request, "campaigns/withdraw.html", context, status=400 if context["error"] else 200)


def logo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    signature = get_object_or_404(Signature, pk=pk, letter__slug=slug, kind=Signature.Kind.ORGANIZATION)
    if not signature.counts or signature.visibility != Signature.Visibility.LISTED or not signature.logo:
        raise Http404
    response = HttpResponse(bytes(signature.logo), content_type=signature.logo_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def actor(request: HttpRequest) -> str:
    return request.user.get_username()


def parse_time(value: str) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=deadlines.zone("UTC"))


@user_passes_test(lambda user: has_role(user, "moderator"), login_url=settings.LOGIN_URL)
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    letter = get_object_or_404(Letter, slug=slug)
    source = request.POST if request.method == "POST" else request.GET
    context: dict[str, object] = {"letter": letter, "queue": moderation.queue(letter), "query": source}
    try:
        criteria = Criteria(ip_hash=source.get("ip_hash", ""), domain=source.get("domain", ""),
                            since=parse_time(source.get("since", "")), until=parse_time(source.get("until", "")))
        if request.method == "POST" and request.POST.get("action") in ("approve", "invalidate"):
            signature = get_object_or_404(Signature, pk=request.POST.get("signature"), letter=letter)
            if request.POST["action"] == "approve":
                moderation.approve(signature, actor=actor(request))
            else:
                moderation.invalidate(signature, actor=actor(request), reason=request.POST.get("reason", ""))
            return redirect("campaigns:moderate", slug=slug)
        if request.method == "POST" and request.POST.get("action") == "bulk":
            n = moderation.invalidate_bulk(letter, criteria, expected=int(request.POST.get("expected", "-1")),
                                           actor=actor(request), reason=request.POST.get("reason", ""))
            messages.success(request, ngettext("%(n)s signature invalidated.", "%(n)s signatures invalidated.", n) % {"n": n})
            return redirect("campaigns:moderate", slug=slug)
        if criteria.describe():
            context["preview"] = moderation.preview(letter, criteria)
    except (ModerationError, ValueError) as error:
        context["error"] = str(error)
    return render(request, "campaigns/moderate.html", context, status=400 if "error" in context else 200)


@staff_member_required
def export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    letter = get_object_or_404(Letter, slug=slug)
    if kind not in ("csv", "pdf"):
        raise Http404
    name, data = next(iter(delivery.export(letter, actor=actor(request), kinds=(kind,)).items()))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8" if kind == "csv" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
