"""Forms: the postcode lookup."""

from __future__ import annotations

from django import forms

from roundtable.geography import rules


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
        help_text="For example, W5 2HL",
        error_messages={"required": f"Enter a postcode, like {rules.POSTCODE_EXAMPLE}"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_postcode(self) -> str:
        try:
            return rules.normalise_postcode(self.cleaned_data["postcode"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
