"""The admin: organizers create and edit letters (a change of text makes a new version; a material one asks
signers to re-confirm); moderators see signatures. Emails stay out of list pages. Administrators curate the
registry of organizations (an entry verifies that name signing from that domain)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from adalet.campaigns import deadlines, guard, letters
from adalet.campaigns.models import DeadlineExtension, KnownOrganization, Letter, LetterLink, Signature


class LetterForm(forms.ModelForm):
    minor_edit = forms.BooleanField(required=False, help_text="A correction that does not change what signers endorse: "
                                    "signers are not asked to re-confirm.")
    edit_note = forms.CharField(required=False, max_length=500, help_text="What changed (told to signers).")

    class Meta:
        model = Letter
        fields = ["slug", "title", "recipients", "body", "opens_at", "deadline", "time_zone"]

    def clean_time_zone(self) -> str:
        try:
            deadlines.zone(self.cleaned_data["time_zone"])
        except deadlines.DeadlineError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["time_zone"]


class LinkInline(admin.TabularInline):
    model = LetterLink
    extra = 1


class ExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    readonly_fields = ["previous_deadline", "new_deadline", "reason", "extended_by", "extended_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # extend from the letter's manage page or `adalet campaign extend`: signers are told


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    form = LetterForm
    list_display = ["title", "slug", "opens_at", "deadline", "time_zone", "closed_at", "version"]
    inlines = [LinkInline, ExtensionInline]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["deadline"] if obj else []  # a later deadline is an extension, kept with its reason

    def save_model(self, request: HttpRequest, obj: Letter, form: Any, change: bool) -> None:
        actor = request.user.get_username()
        if not change:
            obj.original_deadline, obj.created_by = obj.deadline, actor
            super().save_model(request, obj, form, change)
            letters.record_version(obj, actor=actor, material=True, note="first text")
            return
        old = Letter.objects.get(pk=obj.pk)
        text = (obj.title, obj.recipients, obj.body)
        obj.title, obj.recipients, obj.body = old.title, old.recipients, old.body
        super().save_model(request, obj, form, change)
        title, recipients, body = text
        letters.revise(obj, title=title, recipients=recipients, body=body, actor=actor,
                       material=not form.cleaned_data.get("minor_edit"), note=form.cleaned_data.get("edit_note", ""))


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["id", "letter", "kind", "state", "verified_by", "visibility", "country", "created_at"]
    list_filter = ["letter", "kind", "state", "verified_by", "visibility"]
    search_fields = ["organization", "email_domain"]
    exclude = ["logo", "nonce", "email", "email_key"]
    readonly_fields = [f.name for f in Signature._meta.fields if f.name not in ("logo", "nonce", "email", "email_key")]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decisions go through the moderation page, on the custody log


@admin.register(KnownOrganization)
class KnownOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "approved_by", "approved_at"]
    search_fields = ["name", "domain"]
    fields = ["name", "domain", "approved_by", "approved_at"]
    readonly_fields = ["approved_by", "approved_at"]

    def save_model(self, request: HttpRequest, obj: KnownOrganization, form: Any, change: bool) -> None:
        obj.name_key, obj.domain = guard.name_key(obj.name), obj.domain.strip().lower().rstrip(".")
        if not change:
            obj.approved_by, obj.approved_at = request.user.get_username(), deadlines.now()
        super().save_model(request, obj, form, change)
