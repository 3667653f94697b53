"""The signing forms (an individual, an organization), with their checks: lengths, a real and non-disposable
address, names without markup or look-alike letters, a logo that is a small image; plus a honeypot field that a
person never sees and the signed time the form was shown. Labels, choices and messages are in the reader's language."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from adalet.campaigns import conf, countries, guard, mailboxes, refusals
from adalet.campaigns.models import Signature
from adalet.campaigns.signing import Submission

LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def name_field(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=200, required=required)


class SignatureForm(forms.Form):
    kind = ""
    email = forms.EmailField(label=_("Email (never shown; for the confirmation link)"), max_length=254)
    country = forms.CharField(label=_("Country"), max_length=2, widget=forms.Select(choices=countries.with_blank))
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
        data = super().clean()
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
