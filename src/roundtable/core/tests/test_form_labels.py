"""An optional field's label says "(optional)" once: the field template adds it
(`core.forms.label_text`), so no form's label says it too; a field another's
answer makes required (`core.forms.required_when`) says when instead."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import roundtable
from roundtable.core.forms import label_text, required_when


class NoteForm(forms.Form):
    name = forms.CharField(label="Name")
    note = forms.CharField(label="Note", required=False)
    said = forms.CharField(label="Said already (optional)", required=False)
    urgent = forms.BooleanField(label="Urgent", required=False)
    why = required_when(forms.CharField(label="Why", required=False), "it is urgent")
    by = required_when(
        forms.CharField(label="By when", required=False, help_text="For example, Friday"),
        "it is urgent",
    )


def test_an_optional_fields_label_ends_optional() -> None:
    form = NoteForm()
    assert label_text(form["note"]) == "Note (optional)"
    assert label_text(form["name"]) == "Name"


def test_a_label_that_says_optional_already_says_it_once() -> None:
    assert label_text(NoteForm()["said"]) == "Said already (optional)"
    assert str(NoteForm()).count("(optional)") == 2  # note and said, once each


def test_a_field_required_when_another_is_answered_says_so_instead() -> None:
    form = NoteForm()
    assert label_text(form["why"]) == "Why"
    assert form["why"].help_text == "Required when it is urgent"
    assert form["by"].help_text == "Required when it is urgent. For example, Friday"
    html = str(form)
    assert "Why (optional)" not in html
    assert '<div id="id_why-hint" class="govuk-hint">Required when it is urgent</div>' in html


def _forms() -> list[type[forms.BaseForm]]:
    """Every form class Roundtable declares (every module is imported first)."""
    for module in pkgutil.walk_packages(roundtable.__path__, "roundtable."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("roundtable.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_no_forms_label_says_optional() -> None:
    declared = _forms()
    assert len(declared) > 50
    said = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in declared
        for name, field in getattr(cls, "base_fields", {}).items()
        if "(optional)" in str(field.label or "")
    ]
    assert said == [], "leave '(optional)' out of the label: the field template adds it"
