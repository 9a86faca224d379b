"""Example dates for form hints, as plain functions (no Django: tested without the
database in `core/tests/test_dates.py`).

A hint's example should be a date someone might type today: "For example,
16 January 2012" reads as a mistake on a form for scheduling next month's meeting,
and so does a date from the demo's papers on a form recording what was done last
week. A date people plan ahead (a due date, a lease's end) gets the 16th of next
month (`example_date`); a date of something that happened (done on, decided on, a
lease's start) the 16th of last month (`past_example_date`). Both are written the
same way, in words ("16 January 2027").

Messages of the command line and of imports (CSV and XLSX files) give the same
example written as such files and options are written, in ISO ("2027-01-16";
`example_date_iso`): "--on '1 Feb' is not a date; enter a date like 2026-11-16".
"""

from __future__ import annotations

import datetime

#: How an example date is written: the GOV.UK style ("16 January 2027"), which every
#: date field accepts (`core.imports.parse_date`, format "%d %B %Y").
EXAMPLE_FORMAT = "%-d %B %Y"

#: The day of the month examples fall on: past the 12th, so it cannot be misread as
#: a month if someone types it with slashes.
EXAMPLE_DAY = 16


def example_date(today: datetime.date) -> datetime.date:
    """A near-future date for a hint: the 16th of next month (16 to 46 days ahead)."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return datetime.date(year, month, EXAMPLE_DAY)


def past_example_date(today: datetime.date) -> datetime.date:
    """A recent past date for a hint: the 16th of last month (14 to 47 days ago)."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return datetime.date(year, month, EXAMPLE_DAY)


def example_date_text(today: datetime.date, *, past: bool = False) -> str:
    """`example_date` (or with `past`, `past_example_date`) as a hint writes it:
    "16 January 2027"."""
    example = past_example_date(today) if past else example_date(today)
    return f"{example:{EXAMPLE_FORMAT}}"


def example_date_iso(today: datetime.date, *, past: bool = False) -> str:
    """`example_date` (or with `past`, `past_example_date`) as a file or a command-line
    option writes it: "2027-01-16"."""
    example = past_example_date(today) if past else example_date(today)
    return example.isoformat()
