"""The demo's needs assessment page: Ealing's, from its LSP Executive board pack.

The board pack of 16 January 2012 says the Strategic Needs Assessment will be
hosted on the Local Information System "in place of a document", under themes
its group agreed. The demo publishes the first page of its Background theme.
Quoted text is the board pack's; the figures are real (the Census 2011 residents
`lis.demo` publishes); the page itself was written for the demonstration, and
says so ("Illustrative") where users see it. Loading twice changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.core.records import Outcome, save_with_history, upsert
from roundtable.lis.needs_models import NeedsPage, NeedsStatus

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

SOURCE = "Ealing LSP Executive board pack, 16 January 2012"
SLUG = "who-lives-here"


def _body(code: str, name: str) -> str:
    return f"""\
**Illustrative:** this page was written for the Roundtable demonstration. The quoted
text is from the {SOURCE}; the figures are real Census 2011 counts (Office for
National Statistics, Open Government Licence v3.0), read live from the Local
Information System.

## Why the needs assessment is published here

> "At this stage it was felt producing a document would be of limited benefit. However
> the themes and the contents that would feed the Strategic Needs Assessment (SNA) were
> agreed. The data that will become the SNA will be hosted on the Local Information
> System in place of a document."
>
> Strategic Needs Assessment progress report, {SOURCE}

The Board endorsed "the business case for the establishment of a permanent
Partnership Local Information System" (minutes, item 5d). The themes agreed for the
Strategic Needs Assessment were Background, Health, Prosperity, Safety and High
Quality of Life. This page begins the Background theme: who lives in {name}.

## How many people live in {name}

{{{{ figure indicator=CEN-RES area={code} period=2011 }}}}

## Residents by middle layer super output area

Each bar is one MSOA, a neighbourhood of about 8,000 people.

{{{{ chart indicator=CEN-RES area_type=msoa within={code} period=2011 }}}}

## Residents by lower layer super output area

{{{{ map indicator=CEN-RES area_type=lsoa within={code} period=2011 }}}}
"""


def load_demo_needs(partnership: Partnership) -> list[str]:
    """Publish Ealing's demo needs assessment page; what was done, in lines (none for
    the other demo places, whose papers say nothing of a needs assessment)."""
    place = partnership.area
    if partnership.slug != "ealing" or place is None:
        return []
    page, outcome = upsert(
        NeedsPage,
        None,
        {"partnership": partnership, "slug": SLUG},
        {
            "title": f"Who lives in {place.name}",
            "theme": "Background",
            "summary": (
                f"Illustrative demonstration page: the usual residents of {place.name}, its "
                "neighbourhoods and small areas at the 2011 Census, with the board pack's "
                "reasons for publishing the needs assessment here."
            ),
            "body": _body(place.code, place.name),
            "status": NeedsStatus.PUBLISHED,
        },
        validate=True,
    )
    if page.published_at is None:
        page.published_at = timezone.now()
        save_with_history(page, None, "Published")
    if outcome is Outcome.UNCHANGED:
        return []
    return [f"needs assessment page “{page.title}” {outcome.value}"]
