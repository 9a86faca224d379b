"""How widgets are drawn: a list that takes several choices shows several rows, not
GOV.UK's one-line select that hides all but the first option."""

from __future__ import annotations

from django import forms

from roundtable.core.forms import (
    MULTIPLE_SELECT_ROWS,
    GroupedCheckboxes,
    checkbox_groups,
    choose_in_groups,
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


def test_choose_in_groups_offers_a_querysets_records_grouped_in_its_order(db):
    from django.contrib.auth.models import Group

    for name in ("Audit", "Board", "Budget", "Adults"):
        Group.objects.create(name=name)

    class ChooseForm(forms.Form):
        groups = forms.ModelMultipleChoiceField(
            queryset=Group.objects.none(), widget=GroupedCheckboxes
        )

    form = ChooseForm({"groups": [str(Group.objects.get(name="Budget").pk)]})
    choose_in_groups(
        form.fields["groups"],
        Group.objects.order_by("-name"),
        lambda group: f"Starting {group.name[0]}",
        label=lambda group: group.name.upper(),
    )
    groups = checkbox_groups(form["groups"])
    assert [(g.name, [o["label"] for o in g.options], g.chosen) for g in groups] == [
        ("Starting B", ["BUDGET", "BOARD"], 1),
        ("Starting A", ["AUDIT", "ADULTS"], 0),
    ]
    assert form.is_valid()
    assert [group.name for group in form.cleaned_data["groups"]] == ["Budget"]
    form = ChooseForm({"groups": ["999"]})
    choose_in_groups(form.fields["groups"], Group.objects.all(), lambda group: "All")
    assert not form.is_valid()


def test_no_form_of_the_product_offers_a_list_that_takes_several_choices():
    """GOV.UK's advice: a select taking several choices is hard to use (Ctrl-click, and
    on a phone hardly at all); checkboxes, in groups when there are many, instead."""
    from roundtable.core.tests.test_form_labels import _forms

    selects = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in _forms()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field.widget, forms.SelectMultiple)
        and not isinstance(field.widget, forms.CheckboxSelectMultiple)
    ]
    assert selects == []


def test_grouped_checkboxes_with_nothing_to_choose_say_so():
    class EmptyForm(forms.Form):
        themes = forms.MultipleChoiceField(choices=[], required=False, widget=GroupedCheckboxes)

    assert "There are none to choose from yet." in str(EmptyForm())
    assert "There are none to choose from yet." not in str(GroupedForm())
