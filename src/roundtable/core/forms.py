"""GOV.UK Frontend form rendering: the one place that knows the markup.

`GovukFormRenderer` makes every Django form render with an error summary and
GOV.UK form groups; `govuk_widget_attrs` gives each widget its GOV.UK class and
the aria-describedby links to its hint and error message.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.SelectMultiple, "govuk-select"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


def widget_kind(widget: forms.Widget) -> str:
    """The GOV.UK component a widget is drawn as: input, select, checkboxes…"""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def govuk_widget_attrs(bound_field: forms.BoundField) -> dict[str, str]:
    widget = bound_field.field.widget
    css = next((c for kind, c in WIDGET_CLASSES if isinstance(widget, kind)), "govuk-input")
    if bound_field.errors and css in {"govuk-input", "govuk-select", "govuk-textarea"}:
        css += f" {css}--error"
    if bound_field.errors and css == "govuk-file-upload":
        css += " govuk-file-upload--error"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs
