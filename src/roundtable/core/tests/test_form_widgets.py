"""How widgets are drawn: a list that takes several choices shows several rows, not
GOV.UK's one-line select that hides all but the first option."""

from __future__ import annotations

from django import forms

from roundtable.core.forms import (
    MULTIPLE_SELECT_ROWS,
    GroupedCheckboxes,
    checkbox_groups,
    field_href,
    govuk_widget_attrs,
)

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


class BlankForm(forms.Form):
    listed = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    needed = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
    named = forms.ChoiceField(choices=[("", "Any"), ("a", "A")], required=False)


def _render(form: forms.Form) -> str:
    from django.template import Context, Template

    return Template("{% load govuk %}{% for f in form %}{{ f|govuk_widget }}{% endfor %}").render(
        Context({"form": form})
    )


def test_djangos_dashes_become_words_a_reader_understands():
    text = _render(BlankForm())
    assert "---------" not in text
    assert '<option value="" selected>None</option>' in text  # may be left empty
    assert '<option value="" selected>Select one</option>' in text  # must be chosen
    assert ">Any<" in text  # a label the form chose stays


def test_a_model_choice_says_none_or_keeps_its_own_empty_label(db):
    from roundtable.accounts.models import User

    class PickForm(forms.Form):
        optional = forms.ModelChoiceField(queryset=User.objects.all(), required=False)
        filtered = forms.ModelChoiceField(
            queryset=User.objects.all(), required=False, empty_label="Anyone"
        )

    text = _render(PickForm())
    assert "---------" not in text
    assert ">None<" in text
    assert ">Anyone<" in text


class GroupedForm(forms.Form):
    themes = forms.MultipleChoiceField(
        choices=[("Health", [("1", "One"), ("2", "Two")]), ("Safety", [("3", "Three")])],
        widget=GroupedCheckboxes,
    )


def test_grouped_checkboxes_are_drawn_a_details_a_group_and_errors_link_to_the_first():
    form = GroupedForm({"themes": ["9"]})
    assert not form.is_valid()
    html = str(form)
    assert html.count('<details class="govuk-details') == 2
    assert html.count(" open>") == 2  # with an error, every group is open to put it right
    assert 'id="id_themes_0_0" name="themes" type="checkbox" value="1"' in html
    assert field_href(form["themes"]) == "#id_themes_0_0"
    groups = checkbox_groups(GroupedForm({"themes": ["3"]})["themes"])
    assert [(g.name, len(g.options), g.chosen) for g in groups] == [
        ("Health", 2, 0),
        ("Safety", 1, 1),
    ]
