"""The area list filters, shared by the Places page and the API."""

from __future__ import annotations

from django import forms

from roundtable.geography.choices import AreaType


class AreaFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="Type of area",
        required=False,
        choices=[("", "All types"), *AreaType.choices],
    )
    q = forms.CharField(
        label="Name or code",
        required=False,
        max_length=100,
        help_text="For example, Southall or E05013537",
    )

    def filters(self) -> dict[str, str]:
        """The keyword arguments for `queries.area_list`; bad values are ignored."""
        if not self.is_valid():
            return {}
        return {"area_type": self.cleaned_data["type"], "q": self.cleaned_data["q"]}
