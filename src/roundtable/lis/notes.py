"""Value notes on the LIS's pages. A figure with a note (an illustrative figure, a
sum that leaves areas out, a note from the source, why a cell is suppressed)
points to it with "[note 1]", linked, and the notes are written once each under
the table (`partials/_notes.html`), numbered in the order they first appear
(`rules.note_numbers`), as the ONS advises for notes in tables, instead of the
same words in every row. Where a figure is not shown and its note stands in its
place (a profile's suppressed or missing figure), it is not numbered; a long table
of many such figures (the map's: a borough's LSOAs, half of them suppressed) numbers
them too (`withheld`), so the reason is written once below it, not in every row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from roundtable.lis import rules


class Noted(Protocol):
    """A figure as a page shows it (`profile_figures.Figure`, `mapping.MapArea`,
    a needs page's table row): its note, and whether the figure is shown (else the
    note stands in its place)."""

    note: str

    @property
    def available(self) -> bool: ...


@dataclass(frozen=True)
class Notes:
    """A table's notes, numbered; `prefix` makes their ids unique on a page that
    has several tables with notes (a needs page's embeds)."""

    numbers: dict[str, int] = field(default_factory=dict)
    prefix: str = "note"
    #: A figure not shown points to its note too (its row shows a word in its place).
    withheld: bool = False

    def __bool__(self) -> bool:
        return bool(self.numbers)

    def anchor(self, number: int) -> str:
        return f"{self.prefix}-{number}"

    @property
    def listed(self) -> list[tuple[str, str, str]]:
        """(id, "[note N]", text) of each note, in order: the list under the table."""
        return [(self.anchor(n), rules.note_marker(n), text) for text, n in self.numbers.items()]

    def ref(self, figure: Noted) -> str:
        """The link from a figure to its note below the table, as HTML (an id made
        of the prefix and a number, and fixed words); blank when it has none."""
        shown = figure.available or self.withheld
        number = self.numbers.get(figure.note.strip()) if shown else None
        if number is None:
            return ""
        marker = rules.note_marker(number)
        return f' <a class="govuk-link rt-note-ref" href="#{self.anchor(number)}">{marker}</a>'


def numbered(figures: Iterable[Noted], prefix: str = "note", withheld: bool = False) -> Notes:
    """The notes of the shown `figures`, in their order, numbered; with `withheld`,
    those of the figures not shown as well."""
    notes = (f.note for f in figures if f.available or withheld)
    return Notes(rules.note_numbers(notes), prefix, withheld)
