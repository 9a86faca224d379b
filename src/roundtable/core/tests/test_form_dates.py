"""Every date a person types goes through `core.forms.GovukDateField`: it takes
2011-10-24, 24/10/2011 or 24 October 2011, its hint gives an example worked out
when the form is drawn, and its error names the field and gives the example."""

from __future__ import annotations

import datetime

import time_machine
from django import forms

from roundtable.core.forms import GovukDateField
from roundtable.core.tests.test_form_labels import _forms


class PlanForm(forms.Form):
    due = GovukDateField(required=False, near_future=True)
    done_on = GovukDateField(label="Done on", required=False)
    start = GovukDateField(required=False, hint_before="Of the first day, for example ")


def test_every_date_a_person_types_is_a_govuk_date_field() -> None:
    plain = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in _forms()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField) and not isinstance(field, GovukDateField)
    ]
    assert plain == [], "use core.forms.GovukDateField for a date a person types"


def test_no_date_fields_hint_is_a_fixed_date() -> None:
    """The hint's example is worked out when the form is drawn, so no hint names a year."""
    fixed = [
        f"{cls.__module__}.{cls.__qualname__}.{name}: {field.help_text}"
        for cls in _forms()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, GovukDateField) and "for example" in str(field.help_text).lower()
        if str(field.example) not in str(field.help_text)
    ]
    assert fixed == []


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_the_hints_give_a_past_or_near_future_example_in_words() -> None:
    form = PlanForm()
    assert form["due"].help_text == "For example, 16 January 2027"
    assert form["done_on"].help_text == "For example, 16 November 2026"
    assert form["start"].help_text == "Of the first day, for example 16 November 2026"


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_a_date_in_words_or_with_slashes_or_iso_is_taken() -> None:
    form = PlanForm({"due": "16 January 2027", "done_on": "24/10/2011", "start": "2011-10-24"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == datetime.date(2027, 1, 16)
    assert form.cleaned_data["done_on"] == datetime.date(2011, 10, 24)
    assert form.cleaned_data["start"] == datetime.date(2011, 10, 24)


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_an_error_names_the_field_by_label_or_name_and_gives_the_example() -> None:
    form = PlanForm({"due": "soon", "done_on": "31/02/2026", "start": ""})
    assert not form.is_valid()
    assert form.errors["due"] == ["Due must be a real date, like 16 January 2027"]
    assert form.errors["done_on"] == ["Done on must be a real date, like 16 November 2026"]


def test_a_stored_date_is_shown_in_words_and_a_typed_one_as_typed() -> None:
    stored = PlanForm(initial={"due": datetime.date(2011, 10, 24)})
    assert 'value="24 October 2011"' in str(stored["due"])
    typed = PlanForm({"due": "2011-10-24"})
    assert 'value="2011-10-24"' in str(typed["due"])
    # and it reads back what it shows
    assert PlanForm({"due": "24 October 2011"}).is_valid()
