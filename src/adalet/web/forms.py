"""The relative-search form: a name in any script, a birth year (required), a county (optional)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from adalet.web.relatives import UnusableName, check_name


class RelativeSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900)
    county = forms.CharField(label=_("County (optional)"), max_length=100, required=False)

    def clean_name(self) -> str:
        try:
            return check_name(self.cleaned_data["name"])
        except UnusableName:
            raise forms.ValidationError(_("Type at least two letters of a name, without wildcards.")) from None

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        if year > dt.date.today().year:
            raise forms.ValidationError(_("Enter a year of birth that has passed."))
        return year
