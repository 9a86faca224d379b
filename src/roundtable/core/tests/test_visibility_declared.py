"""Default deny: every model of every Roundtable app declares who may see it.

See `roundtable.core.visibility` for the two ways to declare it, and
docs/accounts.md ("Who may see each record") for the rule of each model.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from roundtable.core.visibility import Public, declaration, public

# Field names that say a row may be hidden from someone: restricted items,
# unpublished or internal records, private ones. A model with one of these (or a
# choice field offering one of HIDDEN_CHOICES) cannot simply be declared public;
# it needs `visible_to`, or `public(..., despite=[...])` saying why the field
# hides nothing. Add a name here when a new kind of hidden state appears.
HIDDEN_NAMES = {
    "restricted",
    "is_public",
    "is_published",
    "published",
    "published_at",
    "agenda_status",
    "minutes_status",
    "response_state",
    "internal",
    "private",
    "visible_within_partnership",
}
HIDDEN_PREFIXES = ("approved", "internal_", "private_", "unpublished")
# Choice values that mean "not yet for everyone": drafts, submissions awaiting approval.
# (Not "private": it is also a sector, as in "private sector".)
HIDDEN_CHOICES = {"draft", "submitted", "unpublished", "pending"}


def roundtable_models() -> list[type[models.Model]]:
    """Every concrete model of a Roundtable app, without django-simple-history's
    Historical* models: a history row is visible where its record is, and the
    History tab checks the record."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("roundtable.")
        and not model._meta.abstract
        and not model.__name__.startswith("Historical")
    ]


def hidden_state_fields(model: type[models.Model]) -> list[str]:
    found = []
    for field in model._meta.get_fields():
        name = getattr(field, "name", "")
        if getattr(field, "auto_created", False) and not getattr(field, "concrete", False):
            continue  # reverse relations belong to the other model
        values = {str(choice[0]) for choice in (getattr(field, "choices", None) or [])}
        if name in HIDDEN_NAMES or name.startswith(HIDDEN_PREFIXES) or values & HIDDEN_CHOICES:
            found.append(name)
    for name in HIDDEN_NAMES:  # properties count too: `visible_within_partnership = True`
        if name not in found and name in vars(model):
            if name == "is_public" and vars(model)[name] is True:
                continue  # `is_public = True`: always public, for `can`
            found.append(name)
    return sorted(found)


def parents(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """The records `model` belongs to: foreign keys that delete it with them."""
    return [
        (field.name, field.related_model)
        for field in model._meta.concrete_fields
        if field.many_to_one and field.remote_field.on_delete is models.CASCADE
    ]


def problems() -> list[str]:
    found = []
    for model in roundtable_models():
        label = model._meta.label
        declared = declaration(model)
        if declared is None:
            found.append(
                f"{label}: declare who may see it: `visibility = public('why')`, or a "
                "`visible_to(user)` queryset method with `is_visible_to = visible_through_queryset`"
            )
            continue
        if not isinstance(declared, Public):
            continue
        if callable(getattr(type(model._default_manager.get_queryset()), "visible_to", None)):
            found.append(f"{label}: declares both `public` and `visible_to`; keep one")
        unknown = [name for name in declared.despite if name not in hidden_state_fields(model)]
        if unknown:
            found.append(f"{label}: `despite` names {unknown}, which hide nothing here; drop them")
        hidden = [name for name in hidden_state_fields(model) if name not in declared.despite]
        if hidden:
            found.append(
                f"{label}: declared public but {', '.join(hidden)} can hide a row; give it "
                "`visible_to`, or name the fields in `despite` and say why they hide nothing"
            )
        for field_name, parent in parents(model):
            if parent.__module__.startswith("roundtable.") and declaration(parent) == "visible_to":
                found.append(
                    f"{label}: declared public but belongs to {parent._meta.label} "
                    f"({field_name}), which may be hidden; a child is visible only where its "
                    "parent is, so give it `visible_to`"
                )
    return found


@pytest.mark.django_db
def test_every_model_declares_who_may_see_it():
    assert problems() == []


def test_the_walk_finds_every_app():
    apps_walked = {model._meta.app_label for model in roundtable_models()}
    assert {"accounts", "partnership", "geography", "strategy", "performance"} <= apps_walked
    assert {"meetings", "recommendations"} <= apps_walked


def test_a_model_declaring_nothing_is_named(monkeypatch):
    from roundtable.partnership.models import Body

    monkeypatch.delattr(Body, "visibility")
    assert any(p.startswith("partnership.Body: declare who may see it") for p in problems())


def test_a_public_model_with_a_restricted_field_is_named(monkeypatch):
    from roundtable.meetings.models import AgendaItem, Meeting

    monkeypatch.setattr(Meeting, "visibility", public("a test"), raising=False)
    monkeypatch.setattr(AgendaItem, "visibility", public("a test"), raising=False)
    monkeypatch.delattr(AgendaItem, "is_visible_to")
    found = problems()
    assert any(
        p.startswith("meetings.AgendaItem: declared public but") and "restricted" in p
        for p in found
    )
    assert any("meetings.Meeting: declared public but agenda_status" in p for p in found)


def test_a_public_child_of_a_hidden_record_is_named(monkeypatch):
    from roundtable.meetings.models import PaperVersion

    monkeypatch.setattr(PaperVersion, "visibility", public("a test"), raising=False)
    monkeypatch.delattr(PaperVersion, "is_visible_to")
    found = problems()
    assert any(p.startswith("meetings.PaperVersion: declared public but belongs to") for p in found)


def test_a_model_declaring_both_is_named(monkeypatch):
    from roundtable.meetings.models import PaperVersion

    monkeypatch.setattr(PaperVersion, "visibility", public("a test"), raising=False)
    assert "meetings.PaperVersion: declares both `public` and `visible_to`; keep one" in problems()
