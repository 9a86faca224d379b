"""`{{ figure|note_ref:notes }}`: the "[note 1]" link from a figure to its note,
`notes` being the table's numbering (`lis.notes.Notes`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from roundtable.lis.notes import Noted, Notes

register = template.Library()


@register.filter
def note_ref(figure: Noted | None, notes: Notes | None) -> SafeString:
    if figure is None or not notes:
        return SafeString("")
    return mark_safe(notes.ref(figure))  # noqa: S308 - an id, a number and fixed words
