"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms, template
from django.utils.safestring import SafeString

from roundtable.core import imports
from roundtable.core.forms import (
    ErrorLink,
    checkbox_groups,
    form_error_links,
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


register.filter("govuk_groups", checkbox_groups)


@register.filter
def govuk_label(bound_field: forms.BoundField) -> str:
    """The label's text, with "(optional)" after an optional field's (`label_text`)."""
    return label_text(bound_field)


# The error summary (templates/govuk/error_summary.html) takes (href, message) pairs;
# these build them. A form's:
# `{% include "govuk/error_summary.html" with errors=form|form_error_links only %}`.
register.filter("form_error_links", form_error_links)


@register.inclusion_tag("govuk/page_error_summary.html", takes_context=True)
def page_error_summary(
    context: template.Context, form: forms.BaseForm | None = None
) -> dict[str, object]:
    """The error summary of the page's form (`form` in its context, or the form
    given, as a page that keeps it elsewhere names it in its `error_summary` block:
    `{% page_error_summary page.form %}`), drawn by `base.html` at the top of the
    main container, above the page's heading, where GOV.UK puts it. The form then
    leaves it out of its own fields (`govuk/forms/error_summary.html`), so a page has
    it once. A form drawn without `base.html` (an htmx partial) keeps its summary
    above its fields."""
    form = form if form is not None else context.get("form")
    if not isinstance(form, forms.BaseForm) or not form.errors:
        return {"errors": None}
    if getattr(form, "summary_shown", False):  # a summary of its own, e.g. an upload's
        return {"errors": None}
    form.summary_shown = True
    return {"errors": form_error_links(form)}


@register.filter
def not_imported(total: int, files: bool = False) -> str:
    """An upload's error summary title, as its file input says it:
    `{{ total|not_imported }}`, `{{ total|not_imported:True }}` of several files."""
    return imports.not_imported(total, files=bool(files))


@register.filter
def link_each(messages: Iterable[object], href: str) -> list[ErrorLink]:
    """Every message linked to the one place that puts them right, like an upload's
    problems to its file input: `errors|link_each:"#id_file"`."""
    return [(href, str(message)) for message in messages]


@register.simple_tag
def error_links(*pairs: object) -> list[ErrorLink]:
    """(href, message) pairs from `href message href message…`, leaving out those
    whose message is empty: `{% error_links "#n" errors.n "#year" errors.year as links %}`."""
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("error_links takes an href and a message, in pairs")
    return [
        (str(href), str(message))
        for href, message in zip(pairs[::2], pairs[1::2], strict=True)
        if message
    ]
