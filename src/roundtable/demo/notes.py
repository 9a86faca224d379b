"""What the demo says of its partnerships on pages that would otherwise mislead.

A partnership is the demo's when its slug and source are those of a
`data/<slug>/partnership.csv` (what `roundtable demo load` imported): a live
partnership named "ealing" has its own source, or none, so is never taken for the
demo's. Registered with the lower apps' hooks in `DemoConfig.ready()`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from roundtable.core.imports import read_table
from roundtable.demo.loader import DATA_DIR, PARTNERSHIPS

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership
    from roundtable.projects.records_end import RecordsEnd


@cache
def demo_sources() -> dict[str, str]:
    """Each demo partnership's slug and the source its partnership.csv gives it."""
    found = {}
    for slug in PARTNERSHIPS:
        path = DATA_DIR / slug / "partnership.csv"
        if path.exists():
            for row in read_table(path):
                found[row.get("slug")] = row.get("source") or ""
    return found


def is_demo(partnership: Partnership) -> bool:
    """Whether `partnership` is one the demo loaded (no query)."""
    source = demo_sources().get(partnership.slug)
    return bool(source) and partnership.source == source


def figures_note(partnership: Partnership, years: str) -> str:
    """For the returns pages (`performance.figures_notes`): the demo's figures are
    from old board papers, not from this year's returns."""
    if not is_demo(partnership):
        return ""
    return (
        f"This demo's figures are for {years}, from its board papers or labelled "
        "illustrative, not from this year's returns"
    )


def projects_records_end(partnership: Partnership) -> RecordsEnd | None:
    """For the project pages (`projects.records_end`): the demo's projects are Ealing's
    as the LSP Executive's board pack of 16 January 2012 left them (its reports written
    before that day: Southall's in December 2011), and no later paper says whether the
    milestones they planned were met."""
    from roundtable.projects.demo import MEETING
    from roundtable.projects.records_end import RecordsEnd

    if not is_demo(partnership) or partnership.slug != "ealing":
        return None
    return RecordsEnd(
        MEETING,
        f"This demo's projects are as the LSP Executive's board pack of {MEETING:%-d %B %Y} "
        "reported them. No later paper says whether the milestones it planned were met, so "
        "those past their due date are marked “Not recorded”, not “Overdue”",
    )
