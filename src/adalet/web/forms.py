"""The relative-search form: a name in any script, a birth year (required; a year either side when asked), a county
(optional: a known county's name in any script, never a piece of an address)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from adalet.names.counties import County
from adalet.web.relatives import UnknownCounty, UnusableName, check_name, counties_for


class RelativeSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900)
    around = forms.BooleanField(label=_("Also the year before and after (±1)"), required=False, initial=False)
    county = forms.CharField(
        label=_("County (optional)"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"list": "known-counties", "autocomplete": "off", "dir": "auto"}),
    )

    def clean_name(self) -> str:
        try:
            return check_name(self.cleaned_data["name"])
        except UnusableName:
            raise forms.ValidationError(_("Type at least two letters of a name, without wildcards.")) from None

    def clean_county(self) -> tuple[County, ...]:
        """The counties the field names (a name two counties share names both), () when empty."""
        try:
            return counties_for(self.cleaned_data["county"])
        except UnknownCounty:
            raise forms.ValidationError(
                _(
                    "No county of that name is known. Type a county of Xinjiang in Chinese, Uyghur or Latin letters "
                    "(for example 疏附县, كونا شەھەر or Shufu), or leave the field empty."
                )
            ) from None

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        if year > dt.date.today().year:
            raise forms.ValidationError(_("Enter a year of birth that has passed."))
        return year
