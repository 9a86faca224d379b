"""The form for writing a needs assessment page."""

from __future__ import annotations

from django import forms

BODY_HINT = (
    "Markdown: # for headings, - for lists, [words](address) for links. HTML is shown "
    "as text. Put live figures on a line of their own, like "
    "{{ table indicator=CEN-RES area_type=msoa within=E09000009 period=2011 }} "
    "(also chart, figure and map; see the help below)."
)


class NeedsPageForm(forms.Form):
    title = forms.CharField(max_length=200)
    theme = forms.CharField(max_length=100, help_text="For example, Health or Safety")
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences for the list of pages",
    )
    body = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 18}), help_text=BODY_HINT
    )
