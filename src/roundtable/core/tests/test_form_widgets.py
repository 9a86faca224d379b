"""How widgets are drawn: a list that takes several choices shows several rows, not
GOV.UK's one-line select that hides all but the first option."""

from __future__ import annotations

from django import forms

from roundtable.core.forms import MULTIPLE_SELECT_ROWS, govuk_widget_attrs

CHOICES = [(str(n), f"Option {n}") for n in range(20)]


class ChoosingForm(forms.Form):
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    ticks = forms.MultipleChoiceField(
        choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=CHOICES)


def test_a_multiple_select_shows_several_rows():
    form = ChoosingForm()
    assert govuk_widget_attrs(form["several"])["size"] == MULTIPLE_SELECT_ROWS
    assert f'size="{MULTIPLE_SELECT_ROWS}"' in str(form)


def test_checkboxes_and_single_selects_are_not_given_rows():
    form = ChoosingForm()
    assert "size" not in govuk_widget_attrs(form["ticks"])
    assert "size" not in govuk_widget_attrs(form["one"])
