"""The fixed tables of the Fingertips-compatible API: ids that never change.

Pure: no Django. Fingertips (the public-health data tool) names area types, sexes,
ages and value notes by number, and `fingertips_py` asks for them by number, so each
has a stable id here. Where Fingertips has an id of its own for the same thing we
use it (England is 15, a region 6, an MSOA 3, a ward 8; Male 1, Female 2, Persons 4;
All ages 1); what Fingertips has no id for gets one of ours, from 10001 up, so it
never takes one of theirs. Indicators are `performance.Indicator` ids and profiles
`lis.Dataset` ids (see docs/lis.md, "Fingertips API"). Change nothing here but to
add a row: callers keep these numbers in their scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from roundtable.lis import intervals

OURS = 10001
"""The first id of our own: Fingertips' ids stay below it."""


@dataclass(frozen=True)
class AreaTypeId:
    id: int
    area_type: str  # a geography.choices.AreaType value
    name: str
    short_name: str


AREA_TYPES: tuple[AreaTypeId, ...] = (
    AreaTypeId(15, "country", "England", "England"),
    AreaTypeId(6, "region", "Region", "Region"),
    # Our local authorities are the lowest tier: London boroughs, unitary authorities
    # and districts (Warwick is a district), which is Fingertips' "Districts & UAs".
    AreaTypeId(401, "local_authority", "Districts & UAs (from Apr 2021)", "Districts & UAs"),
    AreaTypeId(8, "ward", "Ward", "Ward"),
    AreaTypeId(3, "msoa", "Middle Super Output Area", "MSOA"),
    AreaTypeId(OURS, "lsoa", "Lower Super Output Area (2011)", "LSOA"),
    AreaTypeId(OURS + 1, "custom", "Custom area", "Custom area"),
)
AREA_TYPE_BY_ID = {row.id: row for row in AREA_TYPES}
AREA_TYPE_BY_TYPE = {row.area_type: row for row in AREA_TYPES}
ENGLAND = 15

SEXES: tuple[tuple[int, str], ...] = ((1, "Male"), (2, "Female"), (4, "Persons"))
PERSONS = "Persons"

ALL_AGES = "All ages"
_BANDS = [f"{low}-{low + 4} yrs" for low in range(0, 90, 5)]
AGES: tuple[tuple[int, str], ...] = (
    (1, ALL_AGES),
    *((OURS + i, band) for i, band in enumerate(_BANDS)),
    (OURS + 18, "90+ yrs"),
    (OURS + 19, "<18 yrs"),
    (OURS + 20, "18+ yrs"),
    (OURS + 21, "16-64 yrs"),
    (OURS + 22, "65+ yrs"),
)

#: "New data" marks a profile's rows for this many days after its statistics were
#: last imported (Fingertips marks an indicator whose data changed in the profile's
#: recent releases).
NEW_DATA_DAYS = 30
NEW_DATA = "New data"

SUPPRESSED = "Value suppressed for disclosure control due to small count"
VALUE_NOTES: tuple[tuple[int, str], ...] = ((OURS, SUPPRESSED),)

# Indicator metadata: what kind of statistic, and how its limits are made.
VALUE_TYPES: dict[str, tuple[int, str]] = {
    "count": (1, "Count"),
    "proportion": (2, "Proportion"),
    "rate": (3, "Crude rate"),
    "mean": (4, "Mean"),
    "ratio": (5, "Ratio"),
    "other": (6, "Other"),
    "": (0, "Not given"),
}
CI_METHODS: dict[str, int] = {"Wilson score": 1, "Byar's method": 2, "Exact Poisson": 3}
NO_CI = "No confidence interval"
POLARITIES = {
    "higher": "RAG - High is good",
    "lower": "RAG - Low is good",
    "none": "BOB - Blue orange blue",
}

# all_data/csv: Fingertips' columns, in Fingertips' order. The 23rd names the parent
# area type ("Compared to Region value or percentiles"; England's is plain).
DATA_COLUMNS: tuple[str, ...] = (
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
)

# indicator_metadata/csv: Fingertips' columns, in Fingertips' order.
METADATA_COLUMNS: tuple[str, ...] = (
    "Indicator ID",
    "Indicator",
    "Indicator number",
    "Rationale",
    "Specific rationale",
    "Definition",
    "Data source",
    "Indicator source",
    "Definition of numerator",
    "Source of numerator",
    "Definition of denominator",
    "Source of denominator",
    "Methodology",
    "Standard population/values",
    "Frequency",
    "Confidence interval details",
    "Disclosure control",
    "Rounding",
    "Caveats",
    "Notes",
    "Impact of COVID-19",
    "Copyright",
    "Data re-use",
    "Links",
    "Indicator Content",
    "Simple Name",
    "Simple Definition",
    "Unit",
    "Value type",
    "Year type",
    "Polarity",
    "Date updated",
)


class FingertipsError(Exception):
    """A request the API refuses: its HTTP status and a message naming the parameter."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_ids(text: str | None, parameter: str, *, required: bool = True) -> list[int]:
    """ "1,2, 3" -> [1, 2, 3]; a 400 naming `parameter` when it is missing or not
    whole numbers separated by commas."""
    if text is None or not text.strip():
        if required:
            raise FingertipsError(400, f"{parameter} is missing; give it as a number")
        return []
    ids = []
    for part in text.split(","):
        word = part.strip()
        if not word.isdigit() or not word.isascii() or len(word) > 9:
            raise FingertipsError(
                400,
                f"{parameter}: “{word}” is not an id; give whole numbers separated by commas",
            )
        ids.append(int(word))
    return list(dict.fromkeys(ids))


def parse_id(text: str | None, parameter: str, *, required: bool = True) -> int | None:
    ids = parse_ids(text, parameter, required=required)
    if len(ids) > 1:
        raise FingertipsError(400, f"{parameter}: give one id, not a list")
    return ids[0] if ids else None


def area_type(type_id: int, parameter: str) -> AreaTypeId:
    """The area type `type_id` names; a 404 naming `parameter` for an unknown id."""
    found = AREA_TYPE_BY_ID.get(type_id)
    if found is None:
        known = ", ".join(str(row.id) for row in AREA_TYPES)
        raise FingertipsError(404, f"{parameter}: no area type has the id {type_id} ({known})")
    return found


def compared_heading(parent: AreaTypeId) -> str:
    """The 23rd data column: comparison with the parent area type's areas."""
    if parent.id == ENGLAND:
        return "Compared to percentiles"
    return f"Compared to {parent.short_name} value or percentiles"


def data_columns(parent: AreaTypeId) -> list[str]:
    columns = list(DATA_COLUMNS)
    columns[22] = compared_heading(parent)
    return columns


def sex_name(sex: str) -> str:
    """How Fingertips names a sex: blank (everyone) is Persons, "f" Female..."""
    word = sex.strip().lower()
    if not word or word in ("all", "persons", "people", "everyone"):
        return PERSONS
    if word in ("m", "male", "males", "men"):
        return "Male"
    if word in ("f", "female", "females", "women"):
        return "Female"
    return sex.strip()


def age_name(age: str) -> str:
    """How Fingertips names an age: blank (everyone) is All ages."""
    return age.strip() or ALL_AGES


def period_range(start: date, end: date) -> str:
    """Fingertips' "Time period range": 1y, 3y, 1q, 1m..."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months % 12 == 0:
        return f"{months // 12}y"
    if months % 3 == 0:
        return f"{months // 3}q"
    return f"{months}m"


def period_sortable(start: date) -> int:
    """A number that sorts periods in time order: the first day as YYYYMMDD."""
    return start.year * 10000 + start.month * 100 + start.day


def ci_method_name(value_type: str, ci_method: str) -> str:
    """An indicator's confidence interval method: its own, or the one the import uses
    for its kind of statistic (Wilson score for a proportion, Byar's for a count or
    rate; exact Poisson under a count of 10, as the observations say). "None…"
    (figures without limits, `intervals.declares_no_limits`) is Fingertips' own words."""
    if intervals.declares_no_limits(ci_method):
        return NO_CI
    if ci_method.strip():
        return ci_method.strip()
    if value_type == "proportion":
        return "Wilson score"
    if value_type in ("count", "rate"):
        return "Byar's method"
    return NO_CI


def unit_value(value_type: str, multiplier: int) -> int:
    """Fingertips' Unit "Value": what a value is per (100 for a percentage)."""
    return 100 if value_type == "proportion" else multiplier


def new_data(imported: datetime | None, now: datetime) -> str:
    """Fingertips' "New data" column: "New data" when the profile's statistics were
    imported within the last `NEW_DATA_DAYS` days, blank otherwise."""
    if imported is None or now - imported > timedelta(days=NEW_DATA_DAYS):
        return ""
    return NEW_DATA
