"""`{{ figure|note_ref:notes }}`: the "[note 1]" link from a figure to its note,
`notes` being the page's numbering (`lis.notes.numbered`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from roundtable.lis import notes as value_notes

register = template.Library()


@register.filter
def note_ref(figure: value_notes.Noted | None, notes: dict[str, int] | None) -> SafeString:
    if figure is None or not notes:
        return SafeString("")
    return mark_safe(value_notes.note_ref(notes, figure))  # noqa: S308 - no text of the figure's
