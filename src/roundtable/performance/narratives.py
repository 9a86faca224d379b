"""Narrative measures in the performance report: a hook for higher apps.

Some measures are reported in words, not figures: the Ealing pack reports its
equality objectives as "Narrative around progress and outcomes against planned
actions". Those measures live in apps above `performance` (commitments are in
`projects`), which `performance` may not import. So such an app registers a
source from its `AppConfig.ready()`::

    from roundtable.performance.narratives import register_narratives
    register_narratives("commitments", queries_commitments.narrative_sections)

A source takes the partnership's id, the report's period and `public` (True: only
what the public may see, as `build_report` is asked) and returns the report's
`NarrativeSection`s. `build_report` asks every source, in the order they were
registered, and the renderers (HTML, PDF, XLSX) lay the sections out after the
theme tables. A source must keep its query count constant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roundtable.performance.periods import Period
    from roundtable.performance.report import NarrativeSection

NarrativeSource = Callable[[int, "Period", bool], list["NarrativeSection"]]

_SOURCES: dict[str, NarrativeSource] = {}


def register_narratives(key: str, source: NarrativeSource) -> None:
    """Add a source of narrative sections; registering a key again replaces it."""
    _SOURCES[key] = source


def narratives_for(partnership_id: int, period: Period, *, public: bool) -> list[NarrativeSection]:
    """Every registered source's sections for the report, sections without rows left out."""
    sections = []
    for source in _SOURCES.values():
        sections.extend(s for s in source(partnership_id, period, public) if s.rows)
    return sections
