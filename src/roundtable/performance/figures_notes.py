"""What a higher app knows of where a partnership's figures come from: a hook.

A return for a quarter with no figures is what a live partnership sees at the start
of every quarter, and needs no explaining. The demo is different: its figures are
from board papers years old, so every quarter its returns pages open at (today's)
is empty. Only the `demo` app knows which partnerships it loaded, and `performance`
may not import it, so it registers a note from its `AppConfig.ready()`::

    from roundtable.performance.figures_notes import register_figures_note
    register_figures_note("demo", demo_figures_note)

A note takes the partnership and the financial years its figures span ("2010/11 to
2012/13") and returns a sentence without its full stop ("This demo's figures are
from the board papers of 2010/11 to 2012/13"), or "" when it has nothing to say of
that partnership. It must not query the database more than once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

FiguresNote = Callable[["Partnership", str], str]

_NOTES: dict[str, FiguresNote] = {}


def register_figures_note(key: str, note: FiguresNote) -> None:
    """Add a note; registering a key again replaces it."""
    _NOTES[key] = note


def figures_note(partnership: Partnership, years: str) -> str:
    """The first registered note that has something to say of `partnership`, or ""."""
    for note in _NOTES.values():
        said = note(partnership, years)
        if said:
            return said
    return ""
