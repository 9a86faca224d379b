"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from roundtable.core.forms import (
    govuk_widget_attrs,
    label_text,
    plain_blank_choice,
    widget_kind,
)

register = template.Library()


@register.filter
def govuk_widget(bound_field: forms.BoundField) -> SafeString:
    plain_blank_choice(bound_field)
    return bound_field.as_widget(attrs=govuk_widget_attrs(bound_field))


@register.filter
def govuk_kind(bound_field: forms.BoundField) -> str:
    return widget_kind(bound_field.field.widget)


@register.filter
def govuk_label(bound_field: forms.BoundField) -> str:
    """The label's text, with "(optional)" after an optional field's (`label_text`)."""
    return label_text(bound_field)
