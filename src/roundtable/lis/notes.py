"""Value notes on the LIS's pages. A figure with a note (an illustrative figure, a
sum that leaves areas out, a note from the source) points to it with "[note 1]",
linked, and the notes are written once each under the table
(`partials/_notes.html`), numbered in the order they first appear
(`rules.note_numbers`), as the ONS advises for notes in tables. A figure that is
not shown (suppressed, not available) has its note in its place instead, so it is
not numbered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from roundtable.lis import rules


class Noted(Protocol):
    """A figure as a page shows it (`profile_figures.Figure`, `mapping.MapArea`)."""

    note: str

    @property
    def available(self) -> bool: ...


def numbered(figures: Iterable[Noted]) -> dict[str, int]:
    """The notes of the shown `figures`, in their order, numbered."""
    return rules.note_numbers(f.note for f in figures if f.available)


def note_ref(numbers: dict[str, int], figure: Noted) -> str:
    """The link from a figure to its note below the table, as HTML (numbers and
    fixed words only); blank when it has none."""
    number = numbers.get(figure.note.strip()) if figure.available else None
    if number is None:
        return ""
    return f' <a class="govuk-link" href="#note-{number}">{rules.note_marker(number)}</a>'
