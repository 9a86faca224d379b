"""Pure rules of partners' asset strategies: reading the years out of "published"
as a review writes it, checking a strategy's values, and laying out its key aims.

No Django here; `services_strategies.py`, the forms and the pages call these.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

#: "2010", "2011-2020", "2009–2013", "2010 to 2014"; anything else (like "2007?",
#: whose question mark says the year is in doubt) gives no years.
_YEARS = re.compile(r"^(?P<start>(19|20)[0-9]{2})(\s*(-|–|—|to)\s*(?P<end>(19|20)[0-9]{2}))?$")
FIRST_YEAR, LAST_YEAR = 1900, 2100
BULLETS = ("• ", "- ", "* ")


def years_from_published(text: str) -> tuple[int | None, int | None]:
    """The first and last year of a strategy written as "2010" or "2011-2020"; (None,
    None) for anything in doubt or not a year ("2007?", "spring 2012")."""
    match = _YEARS.match((text or "").strip())
    if match is None:
        return None, None
    start = int(match.group("start"))
    end = int(match.group("end")) if match.group("end") else start
    return start, end


def check_strategy(
    *,
    no_published_strategy: bool,
    title: str,
    published: str,
    year_from: int | None,
    year_to: int | None,
    last_reviewed: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """Problems with a strategy's values, by field, each starting with the field's name."""
    problems: dict[str, str] = {}
    if not no_published_strategy and not title.strip():
        problems["title"] = (
            "title: name the document, like Property Strategy, or tick 'No published strategy'"
        )
    if no_published_strategy and published.strip():
        problems["published"] = (
            "published: a strategy that is not published has no year of publication; "
            "clear it, or untick 'No published strategy'"
        )
    for name, year in (("year_from", year_from), ("year_to", year_to)):
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            problems[name] = f"{name}: enter a year from {FIRST_YEAR} to {LAST_YEAR}, like 2010"
    if (
        "year_to" not in problems
        and year_from is not None
        and year_to is not None
        and year_to < year_from
    ):
        problems["year_to"] = (
            f"year_to: the strategy ends ({year_to}) before it starts ({year_from}); "
            "check both years"
        )
    if last_reviewed is not None and last_reviewed > today:
        problems["last_reviewed"] = (
            f"last_reviewed: {last_reviewed:%-d %B %Y} is in the future; enter the day of "
            "the last review"
        )
    return problems


@dataclass
class Block:
    """A paragraph (`items` empty) or a bulleted list of key aims."""

    text: str = ""
    items: list[str] = field(default_factory=list)


def aims_blocks(text: str) -> list[Block]:
    """Key aims as written, one paragraph a line; consecutive lines starting with a
    bullet ('• ', '- ' or '* ') make one list. Blank lines are dropped."""
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet = next((b for b in BULLETS if line.startswith(b)), None)
        if bullet is None and line in {b.strip() for b in BULLETS}:
            continue
        if bullet is not None:
            item = line[len(bullet) :].strip()
            if blocks and blocks[-1].items:
                blocks[-1].items.append(item)
            else:
                blocks.append(Block(items=[item]))
        else:
            blocks.append(Block(text=line))
    return blocks


def review_due(last_reviewed: datetime.date | None, today: datetime.date) -> bool:
    """Whether a strategy is due its annual review: never reviewed, or last reviewed
    more than a year ago (the board pack's "brief annual review")."""
    if last_reviewed is None:
        return True
    try:
        year_later = last_reviewed.replace(year=last_reviewed.year + 1)
    except ValueError:  # 29 February
        year_later = last_reviewed.replace(year=last_reviewed.year + 1, day=28)
    return today > year_later
