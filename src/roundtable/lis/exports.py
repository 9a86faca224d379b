"""Exports of a dataset, or a filtered selection of it: CSV, XLSX, a Frictionless
Data Package and JSON-stat 2.0.

`build_table` reads the selection once (`queries.export_observations`, through
`queries.public_observation`: a suppressed cell keeps no value, count, denominator
or confidence limit, only its note) into an `ExportTable` of plain rows and the
dataset's metadata; the writers below take that table and read nothing else, so
every format holds the same cells and none can hold a suppressed figure.

- CSV and XLSX: the columns of `queries.DOWNLOAD_HEADER` (what
  `roundtable lis import` reads, plus the area's name), text made safe against
  formulas (`core.exports`); the XLSX has an "About" sheet with the metadata.
- Data Package (Frictionless Data Package v1, `tabular-data-package`):
  `datapackage.json` and two CSV resources, `observations.csv` (Table Schema
  with types, descriptions, a primary key on the cell and a foreign key to the
  indicators) and `indicators.csv`; a folder, or a zip of the same files.
- JSON-stat 2.0: one dataset whose dimensions are indicator (role metric, each
  with its unit), area (role geo), period (role time), sex, age, category and
  measure (value, count, denominator and the four confidence limits). A blank
  breakdown is the category `_T` ("All", SDMX's code for a total). `value` is a
  sparse object keyed by the flat index (row-major, the last dimension fastest);
  a suppressed cell has no value and the status "suppressed" on each of its
  measures; a note on a value is its status; each cell's confidence-limit method
  is in `extension.ci_method`, keyed like the value.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roundtable.core.exports import XLSX_TYPE, append_row, sheet_name, write_csv
from roundtable.geography.choices import area_type_label
from roundtable.lis import queries

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.lis.models import Dataset

FORMATS = ("csv", "xlsx", "datapackage", "jsonstat")
HEADER = list(queries.DOWNLOAD_HEADER)
CELL = ["indicator", "area_code", "period", "sex", "age", "category"]
INDICATOR_HEADER = ["code", "name", "value_type", "unit", "multiplier", "decimals", "definition"]
MEASURES = list(queries.FIGURES)
TOTAL = "_T"
SUPPRESSED = "suppressed"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "datapackage": "application/zip",
    "jsonstat": "application/json",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "datapackage": "zip", "jsonstat": "json"}

# SPDX ids (and Open Definition ids) of the licences datasets usually carry.
LICENCES = {
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}

FIELD_DESCRIPTIONS = {
    "indicator": "The indicator's code; indicators.csv names and defines it",
    "area_code": "The area's code: an ONS GSS code, or a custom area's code",
    "area_name": "The area's name",
    "period": "The period: 2011, 2011/12 (financial year), 2011/12 Q2, 2011-07, 2017 - 19",
    "sex": "Sex; blank for everyone",
    "age": "Age band; blank for all ages",
    "category": "Another breakdown, such as a deprivation decile; blank for all",
    "value": "The value, in the indicator's unit; blank where suppressed",
    "count": "The count (numerator); blank where suppressed or not given",
    "denominator": "The denominator; blank where suppressed or not given",
    "lower_ci_95": "Lower 95% confidence limit",
    "upper_ci_95": "Upper 95% confidence limit",
    "lower_ci_99_8": "Lower 99.8% confidence limit",
    "upper_ci_99_8": "Upper 99.8% confidence limit",
    "ci_method": "How the confidence limits were worked out",
    "note": "A note on the value; says why when a value is suppressed",
}
MEASURE_LABELS = {
    "value": "Value",
    "count": "Count",
    "denominator": "Denominator",
    "lower_ci_95": "Lower 95% confidence limit",
    "upper_ci_95": "Upper 95% confidence limit",
    "lower_ci_99_8": "Lower 99.8% confidence limit",
    "upper_ci_99_8": "Upper 99.8% confidence limit",
}


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    value_type: str
    unit: str
    multiplier: int
    decimals: int
    definition: str


@dataclass(frozen=True)
class ExportTable:
    """A selection of a dataset's observations as published, with the metadata
    every format carries. `rows` are dicts keyed by `HEADER`, plus `suppressed`."""

    name: str
    title: str
    description: str
    licence: str
    publisher: str
    source: str
    homepage: str
    themes: list[str]
    suppress_below: int
    created: datetime.datetime
    filters: dict[str, str | list[str]]
    indicators: list[IndicatorInfo]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def suppression_note(self) -> str:
        return queries.suppression_note(self.suppress_below)

    def filename(self, fmt: str) -> str:
        suffix = "-datapackage" if fmt == "datapackage" else ""
        return f"{self.name}{suffix}.{EXTENSIONS[fmt]}"


def build_table(
    dataset: Dataset,
    selection: queries.ExportSelection,
    viewer: User | AnonymousUser | None,
    *,
    homepage: str,
    created: datetime.datetime,
) -> ExportTable:
    """The selection of `dataset` as published (see `queries.export_observations`
    for `viewer`): two queries, the observations and their indicators."""
    rows = queries.export_observations(dataset, selection, viewer)
    codes = sorted({row["indicator"] for row in rows})
    indicators = [
        IndicatorInfo(
            code=i.code,
            name=i.name,
            value_type=i.value_type,
            unit=i.unit,
            multiplier=i.multiplier,
            decimals=i.decimals,
            definition=i.definition,
        )
        for i in queries.export_indicators(dataset, codes)
    ]
    return ExportTable(
        name=dataset.slug.lower(),
        title=dataset.title,
        description=dataset.description,
        licence=dataset.licence,
        publisher=dataset.publisher.name if dataset.publisher else "",
        source=dataset.source,
        homepage=homepage,
        themes=list(dataset.themes),
        suppress_below=dataset.suppress_below,
        created=created,
        filters=selection.query(),
        indicators=indicators,
        rows=rows,
    )


def export_bytes(table: ExportTable, fmt: str) -> bytes:
    """`table` in format `fmt` (one of FORMATS; a Data Package as a zip)."""
    if fmt == "csv":
        return csv_bytes(table)
    if fmt == "xlsx":
        return xlsx_bytes(table)
    if fmt == "datapackage":
        return datapackage_zip(table)
    if fmt == "jsonstat":
        return json.dumps(jsonstat(table), ensure_ascii=False, indent=1).encode()
    raise ValueError(f"{fmt} is not an export format; use {', '.join(FORMATS)}")


def write_export(table: ExportTable, fmt: str, path: Path) -> None:
    """Write `table` to `path`; a Data Package whose path does not end in .zip is
    written as a folder holding datapackage.json and its CSV files."""
    if fmt == "datapackage" and path.suffix.lower() != ".zip":
        path.mkdir(parents=True, exist_ok=True)
        for name, content in datapackage_files(table).items():
            (path / name).write_bytes(content)
        return
    path.write_bytes(export_bytes(table, fmt))


# CSV and XLSX -----------------------------------------------------------------------


def _cells(row: dict[str, Any]) -> list[Any]:
    return [row[name] for name in HEADER]


def csv_bytes(table: ExportTable) -> bytes:
    return write_csv([HEADER, *(_cells(row) for row in table.rows)])


def indicators_csv(table: ExportTable) -> bytes:
    return write_csv(
        [INDICATOR_HEADER, *([getattr(i, n) for n in INDICATOR_HEADER] for i in table.indicators)]
    )


def about(table: ExportTable) -> list[tuple[str, str]]:
    """The metadata as (heading, text) pairs, for the XLSX "About" sheet."""
    filters = "; ".join(
        f"{name}: {', '.join(value) if isinstance(value, list) else value}"
        for name, value in table.filters.items()
    )
    return [
        ("Title", table.title),
        ("Description", table.description),
        ("Publisher", table.publisher),
        ("Source", table.source),
        ("Licence", _licence(table.licence)["title"]),
        ("Address", table.homepage),
        ("Filters", filters or "None: the whole dataset"),
        ("Observations", str(len(table.rows))),
        ("Suppression", table.suppression_note + "; their figures are left out"),
        ("Exported", table.created.isoformat(timespec="seconds")),
    ]


def xlsx_bytes(table: ExportTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    taken: set[str] = set()
    sheet = book.active
    sheet.title = sheet_name("Observations", taken)
    append_row(sheet, HEADER)
    for row in table.rows:
        append_row(sheet, _cells(row))
    sheet.freeze_panes = "A2"
    indicators = book.create_sheet(sheet_name("Indicators", taken))
    append_row(indicators, INDICATOR_HEADER)
    for indicator in table.indicators:
        append_row(indicators, [getattr(indicator, n) for n in INDICATOR_HEADER])
    notes = book.create_sheet(sheet_name("About", taken))
    for heading, text in about(table):
        append_row(notes, [heading, text])
    for each in (sheet, indicators):
        for cell in each[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Frictionless Data Package ----------------------------------------------------------


def _licence(licence: str) -> dict[str, str]:
    title, path = LICENCES.get(licence, (licence, f"https://spdx.org/licenses/{licence}.html"))
    return {"name": licence, "path": path, "title": title}


def _field(name: str) -> dict[str, Any]:
    kind = "number" if name in MEASURES else "string"
    described: dict[str, Any] = {
        "name": name,
        "type": kind,
        "description": FIELD_DESCRIPTIONS[name],
    }
    if name in ("indicator", "area_code", "period"):
        described["constraints"] = {"required": True}
    return described


def datapackage_descriptor(table: ExportTable) -> dict[str, Any]:
    """`datapackage.json`: Frictionless Data Package v1, profile tabular-data-package."""
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": table.name,
        "title": table.title,
        "description": table.description
        or f"{table.title}: {len(table.rows)} observations. {table.suppression_note}.",
        "created": table.created.isoformat(timespec="seconds"),
        "licenses": [_licence(table.licence)],
        "keywords": table.themes,
    }
    if table.homepage:
        descriptor["homepage"] = table.homepage
    if table.source:
        descriptor["sources"] = [{"title": table.source}]
    if table.publisher:
        descriptor["contributors"] = [{"title": table.publisher, "role": "publisher"}]
    descriptor["resources"] = [
        {
            "profile": "tabular-data-resource",
            "name": "observations",
            "path": "observations.csv",
            "title": "Observations",
            "description": (
                "One row per indicator, area, period and breakdown. "
                f"{table.suppression_note}: those rows have no figures."
            ),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [_field(name) for name in HEADER],
                "primaryKey": CELL,
                "foreignKeys": [
                    {
                        "fields": "indicator",
                        "reference": {"resource": "indicators", "fields": "code"},
                    }
                ],
                "missingValues": [""],
            },
        },
        {
            "profile": "tabular-data-resource",
            "name": "indicators",
            "path": "indicators.csv",
            "title": "Indicators",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": "code", "type": "string", "constraints": {"required": True}},
                    {"name": "name", "type": "string"},
                    {
                        "name": "value_type",
                        "type": "string",
                        "description": "count, proportion, rate, mean, ratio or other",
                    },
                    {"name": "unit", "type": "string"},
                    {
                        "name": "multiplier",
                        "type": "integer",
                        "description": "A rate's population base: 100000 is per 100,000",
                    },
                    {"name": "decimals", "type": "integer"},
                    {"name": "definition", "type": "string"},
                ],
                "primaryKey": ["code"],
                "missingValues": [""],
            },
        },
    ]
    return descriptor


def datapackage_files(table: ExportTable) -> dict[str, bytes]:
    descriptor = json.dumps(datapackage_descriptor(table), ensure_ascii=False, indent=2)
    return {
        "datapackage.json": descriptor.encode(),
        "observations.csv": csv_bytes(table),
        "indicators.csv": indicators_csv(table),
    }


def datapackage_zip(table: ExportTable) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in datapackage_files(table).items():
            archive.writestr(name, content)
    return out.getvalue()


# JSON-stat 2.0 ----------------------------------------------------------------------


def _category(values: list[str], labels: dict[str, str] | None = None) -> dict[str, Any]:
    """A dimension's category: ids in order, each labelled ("All" for a blank)."""
    ids = [value or TOTAL for value in values]
    label = {
        id_: (labels or {}).get(value, value) or "All"
        for id_, value in zip(ids, values, strict=True)
    }
    return {"index": {id_: n for n, id_ in enumerate(ids)}, "label": label}


def _unit(indicator: IndicatorInfo) -> dict[str, Any]:
    unit: dict[str, Any] = {"label": indicator.unit or "", "decimals": indicator.decimals}
    if indicator.value_type == "proportion":
        unit["symbol"] = "%"
    if indicator.value_type == "rate" and indicator.multiplier > 1:
        unit["label"] = indicator.unit or f"per {indicator.multiplier:,}"
    if indicator.value_type:
        unit["type"] = indicator.value_type
    return unit


def jsonstat(table: ExportTable) -> dict[str, Any]:
    """The table as one JSON-stat 2.0 dataset (see the module's docstring)."""
    names = {i.code: i.name for i in table.indicators}
    indicators = [i.code for i in table.indicators]
    areas: dict[str, str] = {}
    periods: list[str] = []
    breakdowns: dict[str, list[str]] = {"sex": [], "age": [], "category": []}
    for row in table.rows:
        areas.setdefault(row["area_code"], row["area_name"])
        if row["period"] not in periods:
            periods.append(row["period"])
        for name, seen in breakdowns.items():
            if row[name] not in seen:
                seen.append(row[name])
    periods.sort(key=_period_order)
    for seen in breakdowns.values():
        seen.sort(key=lambda value: (value != "", value))
    dimensions = {
        "indicator": (indicators, names),
        "area": (sorted(areas), areas),
        "period": (periods, None),
        "sex": (breakdowns["sex"], None),
        "age": (breakdowns["age"], None),
        "category": (breakdowns["category"], None),
        "measure": (MEASURES, MEASURE_LABELS),
    }
    ids = list(dimensions)
    dimension: dict[str, Any] = {}
    positions: list[dict[str, int]] = []
    for name, (values, labels) in dimensions.items():
        category = _category(values, labels)
        dimension[name] = {"label": name.replace("_", " ").capitalize(), "category": category}
        positions.append({value: n for n, value in enumerate(values)})
    dimension["indicator"]["category"]["unit"] = {i.code: _unit(i) for i in table.indicators}
    dimension["measure"]["note"] = [
        "value and the confidence limits are in the indicator's unit; count and "
        "denominator are numbers of people or events",
    ]
    size = [len(position) for position in positions]
    value: dict[str, float] = {}
    status: dict[str, str] = {}
    methods: dict[str, str] = {}
    for row in table.rows:
        cell = [row["indicator"], row["area_code"], row["period"], row["sex"], row["age"]]
        base = _flat([*cell, row["category"]], positions[:-1], size[:-1]) * size[-1]
        suppressed = row["suppressed"]
        for n, measure in enumerate(MEASURES):
            if row[measure] is not None:
                value[str(base + n)] = row[measure]
            elif suppressed:
                status[str(base + n)] = SUPPRESSED
        if row["note"] and not suppressed:
            status[str(base)] = row["note"]
        if row["ci_method"]:
            methods[str(base)] = row["ci_method"]
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.title,
        "source": table.source or table.publisher or table.title,
        "updated": table.created.isoformat(timespec="seconds"),
        "note": [
            f"{table.suppression_note}: those cells have no figures and the status '{SUPPRESSED}'.",
            f"Licence: {_licence(table.licence)['title']} ({table.licence}).",
        ],
        "id": ids,
        "size": size,
        "role": {"metric": ["indicator"], "geo": ["area"], "time": ["period"]},
        "dimension": dimension,
        "value": value,
        "extension": {
            "licence": _licence(table.licence),
            "publisher": table.publisher,
            "filters": table.filters,
            "ci_method": methods,
        },
    }
    if status:
        dataset["status"] = status
    if table.homepage:
        dataset["href"] = table.homepage
    return dataset


def _flat(cell: list[str], positions: list[dict[str, int]], size: list[int]) -> int:
    index = 0
    for value, position, length in zip(cell, positions, size, strict=True):
        index = index * length + position[value]
    return index


def _period_order(label: str) -> tuple[Any, ...]:
    from roundtable.lis.periods import PeriodError, parse_period

    try:
        period = parse_period(label)
    except PeriodError:
        return (datetime.date.max, datetime.date.max, label)
    return (period.start, period.end, label)


def area_types_named(values: list[str]) -> list[tuple[str, str]]:
    """Area types as (value, name) for a filter's options."""
    return [(value, area_type_label(value)) for value in values]
