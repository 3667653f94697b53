"""What a family can do after a relative search (/relatives/next/): organisations that help (public websites, stated
as links, not endorsements), how to send what they know, how to ask for a correction or a removal, and a form that
records a request for the staff ("this is my relative", what I know, a correction, a removal).

A request publishes nothing and changes no record: it is stored for staff (models.RelativeRequest, read in the
admin) and the custody log keeps only that it came, its kind, the record it names and a SHA-256 of its text, never
the text, the name or the contact. Requests are limited per connection (REQUESTS_PER_HOUR). The record a card
links from is attached only when a relative search could show it (published, not withheld, a detainee or a
relative); any other id is dropped with the same answer, so the form tells nobody which ids exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from adalet.archive import custody
from adalet.people.models import Person, PersonKind
from adalet.web.models import RelativeRequest
from adalet.web.ratelimit import allow, client_hash

REQUESTS_PER_HOUR = 3

# Real organisations, their public websites as they publish them; listed so a family can find them.
ORGANISATIONS = (
    (
        "Uyghur Human Rights Project",
        "https://uhrp.org/",
        gettext_lazy("Research and advocacy on the rights of Uyghurs, based in Washington, DC."),
    ),
    (
        "World Uyghur Congress",
        "https://www.uyghurcongress.org/",
        gettext_lazy("An international organisation of Uyghur groups in exile, based in Munich."),
    ),
    (
        "Amnesty International",
        "https://www.amnesty.org/",
        gettext_lazy("An international human rights organisation that has documented detentions in the Uyghur Region."),
    ),
    (
        "Human Rights Watch",
        "https://www.hrw.org/",
        gettext_lazy("An international human rights organisation that reports on abuses in the Uyghur Region."),
    ),
)

KINDS = (
    (RelativeRequest.Kind.RELATIVE, gettext_lazy("This is my relative")),
    (RelativeRequest.Kind.INFORMATION, gettext_lazy("I know something about this person")),
    (RelativeRequest.Kind.CORRECTION, gettext_lazy("A record is wrong: please correct it")),
    (RelativeRequest.Kind.REMOVAL, gettext_lazy("Please stop showing a record")),
)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What you ask"), choices=KINDS, widget=forms.RadioSelect, initial=RelativeRequest.Kind.RELATIVE
    )
    name = forms.CharField(label=gettext_lazy("How we should address you"), max_length=200)
    contact = forms.CharField(label=gettext_lazy("How staff can reach you (email, phone or messaging app)"), max_length=300)
    relation = forms.CharField(label=gettext_lazy("Your relation to the person (optional)"), max_length=100, required=False)
    message = forms.CharField(
        label=gettext_lazy("What you want staff to know"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    record = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


def searchable_record(person_id: int | None) -> Person | None:
    """The record when a relative search could show it (as web.relatives.find_relatives reads them), else None."""
    if not person_id:
        return None
    return (
        Person.objects.filter(pk=person_id, collection__is_public=True, kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE))
        .exclude(source__item__withheld=True)
        .first()
    )


def _digest(data: dict[str, Any]) -> str:
    text = "\x00".join(str(data.get(k) or "") for k in ("kind", "name", "contact", "relation", "message"))
    return hashlib.sha256(text.encode()).hexdigest()


def record_request(data: dict[str, Any], actor: str, language: str) -> RelativeRequest:
    """Store the request for staff and put its fact (never its text) on the custody log."""
    person = searchable_record(data.get("record"))
    made = RelativeRequest.objects.create(
        kind=data["kind"],
        person=person,
        name=data["name"].strip(),
        contact=data["contact"].strip(),
        relation=data.get("relation", "").strip(),
        message=data["message"].strip(),
        language=language,
    )
    entry = custody.append(
        "relative-request",
        actor=actor,
        subject=f"relative request {made.pk}",
        detail={"request": made.pk, "kind": made.kind, "record": person.pk if person else None, "sha256": _digest(data)},
    )
    made.custody_seq = entry.seq
    made.save(update_fields=["custody_seq"])
    return made


@never_cache
def what_next(request: HttpRequest) -> HttpResponse:
    record = request.GET.get("record", "")
    initial = {"record": int(record)} if record.isdigit() else {}
    form = RequestForm(request.POST if request.method == "POST" else None, initial=initial)
    context: dict[str, Any] = {
        "organisations": ORGANISATIONS,
        "form": form,
        "sent": request.GET.get("sent") == "1",
        "from_record": bool(initial),
    }
    if request.method == "POST":
        if not allow("relative-request", client_hash(request), limit=REQUESTS_PER_HOUR, per=dt.timedelta(hours=1)):
            context["refused"] = _("Too many requests from your connection: wait an hour and try again.")
            return render(request, "web/relatives_next.html", context, status=429)
        if form.is_valid():
            actor = request.user.get_username() if request.user.is_authenticated else "anonymous"
            record_request(form.cleaned_data, actor, get_language() or "en")
            return redirect(f"{request.path}?sent=1#request")
        return render(request, "web/relatives_next.html", context, status=400)
    return render(request, "web/relatives_next.html", context)
