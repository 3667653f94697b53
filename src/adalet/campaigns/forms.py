"""The signing forms (an individual, an organization), with their checks: lengths, a real and non-disposable
address, names without markup or look-alike letters, a logo that is a small image; plus a honeypot field that a
person never sees and the signed time the form was shown. Labels, choices and messages are in the reader's language.

Staff's forms: a letter (its text in each language, dates, goal, asks), an ask, a delivery, a response."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from adalet.campaigns import conf, countries, deadlines, delivered, guard, mailboxes, outcomes, refusals
from adalet.campaigns.models import JURISDICTION_NAMES, Delivery, Letter, Signature
from adalet.campaigns.signing import Submission

LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
#: The jurisdictions an ask names, as a sentence names them, translated.
JURISDICTIONS = [(code, name) for code, name in JURISDICTION_NAMES.items()]


def name_field(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=200, required=required)


class SignatureForm(forms.Form):
    kind = ""
    required_css_class = "required"  # its label marked (letter.css), the note under the form says so
    email = forms.EmailField(label=_("Email (never shown; for the confirmation link)"), max_length=254)
    country = forms.CharField(label=_("Country"), max_length=2, widget=forms.Select(choices=countries.with_blank))  # type: ignore[arg-type]
    visibility = forms.ChoiceField(
        label=_("How you appear"), widget=forms.RadioSelect,
        choices=[
            (Signature.Visibility.LISTED, _("Listed by name on this page and in the letter")),
            (Signature.Visibility.RECIPIENTS, _("Name withheld publicly; given only to the recipients")),
            (Signature.Visibility.HIDDEN, _("Name withheld from everyone; counted as “name withheld”")),
        ],
    )
    started = forms.CharField(widget=forms.HiddenInput)
    homepage = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)  # the honeypot
    names: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.kind}-%s")  # two forms on one page: distinct ids for the labels
        super().__init__(*args, **kwargs)
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = guard.form_token()

    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))

    def clean_country(self) -> str:
        if self.cleaned_data["country"] not in countries.codes():  # a set: cheaper than a ChoiceField's list
            raise forms.ValidationError(_("Select a valid choice. That choice is not one of the available choices."))
        return self.cleaned_data["country"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if mailboxes.is_disposable(email):
            raise forms.ValidationError(_("Please use a lasting email address, not a disposable one."))
        return email

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for field in self.names:
            if data.get(field):
                try:
                    data[field] = guard.check_name(data[field], str(self.fields[field].label).lower())
                except guard.Refused as error:
                    self.add_error(field, refusals.translate(str(error)))
        return data

    def seconds(self) -> float:
        return guard.seconds_since(self.cleaned_data["started"])

    def submission(self) -> Submission:
        keep = {k: v for k, v in self.cleaned_data.items() if k in Submission.__dataclass_fields__}
        return Submission(kind=self.kind, **keep)


class IndividualForm(SignatureForm):
    kind = Signature.Kind.INDIVIDUAL
    name = name_field(_("Name"))
    title = name_field(_("Title"), required=False)
    affiliation = name_field(_("Affiliation"), required=False)
    names = ("name", "title", "affiliation")
    field_order = ["name", "title", "affiliation", "country", "email", "visibility"]


class OrganizationForm(SignatureForm):
    kind = Signature.Kind.ORGANIZATION
    organization = name_field(_("Organization"))
    name = name_field(_("Signer's name"))
    role = name_field(_("Signer's role"))
    website = forms.URLField(label=_("Website"), max_length=300, assume_scheme="https")
    logo = forms.FileField(label=_("Logo (optional; PNG, JPEG or WebP)"), required=False)
    names = ("organization", "name", "role")
    field_order = ["organization", "name", "role", "country", "website", "email", "logo", "visibility"]

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > conf.get("ADALET_SIGN_LOGO_BYTES"):
            raise forms.ValidationError(_("The logo is too large (at most %(n)s kB).")
                                        % {"n": conf.get("ADALET_SIGN_LOGO_BYTES") // 1000})
        data = upload.read()
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
        except Exception:
            raise forms.ValidationError(_("The logo is not an image we can read.")) from None
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(_("The logo must be PNG, JPEG or WebP."))
        self.cleaned_data["logo_type"] = LOGO_TYPES[kind]
        return data

    def submission(self) -> Submission:
        submission = super().submission()
        submission.logo_type = self.cleaned_data.get("logo_type", "") if submission.logo else ""
        return submission


# --- staff forms: a letter's text in each language, its dates, goal and asks; delivery; a response --------------

#: Addresses under /letters/ that a letter's slug must not take.
RESERVED_SLUGS = {"new", "confirm", "withdraw"}


def text_field_names(code: str) -> tuple[str, str]:
    """The form fields of one language's title and body (``title_zh_hans``: field names take no hyphen)."""
    key = code.replace("-", "_")
    return f"title_{key}", f"body_{key}"


class LetterForm(forms.Form):
    """A letter as staff write it: recipients, its text in each of the site's languages (its own language's text
    required, the others optional), when it is open, a signature goal and, when created, its asks."""

    slug = forms.SlugField(label=_("Address (letters/…/)"), max_length=80)
    language = forms.ChoiceField(label=_("The letter's own language"), choices=settings.LANGUAGES)
    recipients = forms.CharField(label=_("Recipients (one per line)"), widget=forms.Textarea(attrs={"rows": 3}))
    opens_at = forms.DateTimeField(label=_("Opens for signatures (in its time zone)"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    deadline = forms.DateField(label=_("Last day for signatures"), widget=forms.DateInput(attrs={"type": "date"}))
    time_zone = forms.CharField(label=_("Time zone (IANA, e.g. Europe/Berlin)"), max_length=64, initial="UTC")
    goal = forms.IntegerField(label=_("Signature goal (optional)"), min_value=1, required=False)
    officials = forms.CharField(label=_("Officials asked for (one per line: registry id or name)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    jurisdictions = forms.MultipleChoiceField(label=_("Asked to designate them"), required=False,
                                              widget=forms.CheckboxSelectMultiple, choices=JURISDICTIONS)
    material = forms.BooleanField(label=_("A material change: signers are asked to confirm again"), required=False,
                                  initial=True)
    note = forms.CharField(label=_("What changed (told to signers)"), max_length=500, required=False)

    def __init__(self, *args: Any, letter: Letter | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.letter = letter
        for code, name in settings.LANGUAGES:
            title, body = text_field_names(code)
            self.fields[title] = forms.CharField(label=_("Title in %(language)s") % {"language": name},
                                                 max_length=300, required=False)
            self.fields[body] = forms.CharField(label=_("Text in %(language)s (Markdown)") % {"language": name},
                                                required=False, widget=forms.Textarea(attrs={"rows": 12}))
            for name in (title, body):
                self.fields[name].widget.attrs.update({"lang": code, "dir": "auto"})
        if letter is None:
            del self.fields["material"], self.fields["note"]
        else:
            del self.fields["slug"], self.fields["officials"], self.fields["jurisdictions"]
            if deadlines.status(letter) not in ("draft", "upcoming"):  # open or closed: extend on the manage page
                del self.fields["opens_at"], self.fields["deadline"], self.fields["time_zone"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by the site; choose another."))
        if Letter.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A letter with this address exists already."))
        return slug

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        try:
            deadlines.zone(name)
        except deadlines.DeadlineError:
            raise forms.ValidationError(_("Unknown time zone: use an IANA name such as Europe/Berlin.")) from None
        return name

    def clean_officials(self) -> list[str]:
        keys = [line.strip() for line in self.cleaned_data["officials"].splitlines() if line.strip()]
        for key in keys:
            try:
                outcomes.find_official(key)
            except outcomes.AskError:
                raise forms.ValidationError(_("No single official of the registry is called “%(name)s”.")
                                            % {"name": key}) from None
        return keys

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        own = data.get("language")
        for code, _name in settings.LANGUAGES:
            title, body = text_field_names(code)
            data[title], data[body] = data.get(title, "").strip(), data.get(body, "").strip()
            if code == own and not data[title]:
                self.add_error(title, _("The letter's own language needs a title."))
            if code == own and not data[body]:
                self.add_error(body, _("The letter's own language needs a text."))
            if code != own and bool(data[title]) != bool(data[body]):
                self.add_error(body if data[title] else title, _("Give both the title and the text, or neither."))
        if data.get("officials") and not data.get("jurisdictions"):
            self.add_error("jurisdictions", _("Choose who is asked to designate the officials."))
        if data.get("opens_at") and data.get("deadline") and data.get("time_zone"):
            zone = deadlines.zone(data["time_zone"])
            data["opens_at"] = data["opens_at"].replace(tzinfo=zone)
            if data["opens_at"].date() > data["deadline"]:
                self.add_error("deadline", _("The last day is before the opening."))
        return data

    def texts(self) -> dict[str, tuple[str, str]]:
        """language → (title, body), for each language given."""
        found = {}
        for code, _name in settings.LANGUAGES:
            title, body = text_field_names(code)
            if self.cleaned_data.get(title):
                found[code] = (self.cleaned_data[title], self.cleaned_data[body])
        return found


class DeliverForm(forms.Form):
    to = forms.CharField(label=_("Delivered to (one recipient per line)"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(label=_("How"), choices=Delivery.Method.choices)
    reference = forms.CharField(label=_("The recipient's reference or receipt (optional)"), max_length=300,
                                required=False)


class ResponseForm(forms.Form):
    sender = forms.CharField(label=_("From"), max_length=300)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Text (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("File (optional)"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > delivered.MAX_RESPONSE_BYTES:
            raise forms.ValidationError(_("The file is too large (at most %(n)s MB).")
                                        % {"n": delivered.MAX_RESPONSE_BYTES // 1_000_000})
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("text") or "").strip() and not data.get("file") and "file" not in self.errors:
            self.add_error("text", _("Give the response's text, a file, or both."))
        return data


class AskForm(forms.Form):
    officials = LetterForm.base_fields["officials"]
    jurisdictions = LetterForm.base_fields["jurisdictions"]
    clean_officials = LetterForm.clean_officials

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("officials") and "officials" not in self.errors:
            self.add_error("officials", _("Name at least one official."))
        if data.get("officials") and not data.get("jurisdictions"):
            self.add_error("jurisdictions", _("Choose who is asked to designate the officials."))
        return data
