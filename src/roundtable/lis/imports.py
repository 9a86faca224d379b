"""Importing LIS indicators and statistics (`roundtable lis import-indicators`,
`roundtable lis import`). The contract is in docs/lis.md.

Statistics files can hold a million rows, so they are read with Polars and checked
column by column, never a query per row: codes are joined against dictionaries of
the partnership's indicators and of every area, each distinct period label is parsed
once. Every problem is collected with its row (the header is row 1, as a spreadsheet
shows it) and column; if there is any, nothing is written (`ImportFailed`). Otherwise
the rows go in inside one transaction: on SQLite as Arrow columns through a staging
file and `INSERT … SELECT` (`executemany` for a small file), on PostgreSQL by `COPY`
(straight into the table for a new dataset). Importing a file again replaces the
cells it names (same dataset, indicator, area, period, sex, age and category).
"""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from roundtable.core.imports import ImportFailed, RowError, RowReader, Table, check_headers
from roundtable.core.records import assign_changed
from roundtable.geography.models import Area
from roundtable.lis import rules
from roundtable.lis.models import DEFAULT_LICENCE, DEFAULT_SUPPRESS_BELOW, Dataset, Observation
from roundtable.lis.periods import PeriodError, parse_period
from roundtable.partnership.models import Organisation
from roundtable.partnership.rules import name_key
from roundtable.performance.choices import Frequency, ValueType
from roundtable.performance.models import Indicator
from roundtable.performance.parsers import (
    parse_multiplier,
    parse_polarity,
)

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

Progress = Callable[[int, int], None]

# Indicators ------------------------------------------------------------------------

INDICATOR_COLUMNS = ("code", "name", "value_type", "polarity")
INDICATOR_OPTIONAL = ("multiplier", "unit", "definition", "source", "ci_method", "decimals")

VALUE_TYPE_WORDS = {v.value: v for v in ValueType} | {
    "percentage": ValueType.PROPORTION,
    "percent": ValueType.PROPORTION,
    "%": ValueType.PROPORTION,
    "number": ValueType.COUNT,
}


def parse_value_type(text: str) -> ValueType:
    """A value type: count, proportion, rate, mean, ratio or other (any case)."""
    try:
        return VALUE_TYPE_WORDS[text.strip().lower()]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a value type; use count, proportion, rate, mean, ratio or other"
        ) from None


def import_indicators(table: Table, partnership: Partnership) -> str:
    """Create or update the partnership's LIS indicators from `table`. New ones are
    published on the LIS and kept out of the performance report; an existing
    indicator (same code) is put on the LIS and keeps its place in the report."""
    errors = check_headers(table, required=INDICATOR_COLUMNS, optional=INDICATOR_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    existing = {name_key(i.code): i for i in Indicator.objects.filter(partnership=partnership)}
    seen: dict[str, int] = {}
    wanted: list[dict] = []
    for row in table:
        reader = RowReader(row, errors)
        code = reader.text("code", required=True, max_length=40)
        name = reader.text("name", required=True, max_length=400)
        fields: dict = {"code": code, "name": name}
        for column, parse in (("value_type", parse_value_type), ("polarity", parse_polarity)):
            try:
                fields[column] = parse(row.get(column)).value
            except ValueError as error:
                reader.error(column, str(error))
        try:
            fields["multiplier"] = parse_multiplier(row.get("multiplier"), row.get("unit"))
        except ValueError as error:
            reader.error("multiplier", str(error))
        decimals = reader.integer("decimals")
        if decimals is not None and not 0 <= decimals <= 6:
            reader.error("decimals", "enter a whole number from 0 to 6")
        fields["decimals"] = 1 if decimals is None else decimals
        fields["unit"] = reader.text("unit", max_length=40) or fields.get("value_type", "")
        fields["definition"] = reader.text("definition")
        fields["data_source"] = reader.text("source", max_length=300)
        fields["ci_method"] = reader.text("ci_method", max_length=100)
        key = name_key(code)
        if code and key in seen:
            reader.error("code", f"this code is already on row {seen[key]}; keep one of them")
        seen.setdefault(key, row.number)
        wanted.append(fields)
    if errors:
        raise ImportFailed(errors)
    created = updated = unchanged = 0
    with transaction.atomic():
        for fields in wanted:
            indicator = existing.get(name_key(fields["code"]))
            if indicator is None:
                Indicator.objects.create(
                    partnership=partnership,
                    frequency=Frequency.ANNUAL,
                    in_report=False,
                    on_lis=True,
                    is_public=True,
                    **fields,
                )
                created += 1
            elif assign_changed(indicator, {**fields, "on_lis": True}):
                indicator.save()  # only what changed: a second run writes no history
                updated += 1
            else:
                unchanged += 1
    said = f"{created} new and {updated} updated LIS indicators"
    return f"{said}, {unchanged} unchanged" if unchanged else said


# Statistics ------------------------------------------------------------------------

KEY_COLUMNS = ("indicator", "area_code", "period")
NUMBER_COLUMNS = (
    "value",
    "count",
    "denominator",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
)
TEXT_COLUMNS = {"sex": 20, "age": 40, "category": 100, "note": 300}
OBSERVATION_COLUMNS = (*KEY_COLUMNS, *NUMBER_COLUMNS, *TEXT_COLUMNS)
CI_PAIRS = (("lower_ci_95", "upper_ci_95"), ("lower_ci_99_8", "upper_ci_99_8"))
ROW = "_row"
# The columns written, in the table's order.
WRITTEN = (
    "dataset_id",
    "indicator_id",
    "area_id",
    "period",
    "period_start",
    "period_end",
    "sex",
    "age",
    "category",
    *NUMBER_COLUMNS,
    "ci_method",
    "note",
    "suppressed",
)
CELL = ("dataset_id", "indicator_id", "area_id", "period", "sex", "age", "category")
CHUNK = 50_000
SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")


@dataclass(frozen=True)
class DatasetOptions:
    """What `roundtable lis import` says about the dataset (used when creating it;
    given for an existing one, they change it)."""

    slug: str
    title: str = ""
    publisher: str = ""
    licence: str = ""
    suppress_below: int | None = None


def _header(name: object) -> str:
    return "_".join(str(name).strip().lower().replace("-", " ").split())


def read_frame(path: Path | str) -> pl.DataFrame:
    """The first sheet of an XLSX file or a CSV file, every cell as text, headers in
    lower case with underscores. ImportFailed if it cannot be read or is empty."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([RowError(None, None, f"There is no file {path}")])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        names, frame = _read_xlsx(path)
    elif suffix in {".csv", ".txt"}:
        names, frame = _read_csv(path)
    else:
        raise ImportFailed(
            [RowError(None, None, f"{path.name} is not a CSV or XLSX file; save it as one")]
        )
    headers = [
        _header(name.lstrip("\ufeff")) or f"column {index + 1}" for index, name in enumerate(names)
    ]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise ImportFailed(
            [RowError(1, h, "this column appears more than once; keep one") for h in repeated]
        )
    return frame.rename(dict(zip(frame.columns, headers, strict=True)))


def _empty(path: Path) -> ImportFailed:
    return ImportFailed([RowError(None, None, f"{path.name} is empty: it has no header row")])


def _read_csv(path: Path) -> tuple[list[str], pl.DataFrame]:
    try:
        frame = pl.read_csv(path, has_header=False, infer_schema=False, encoding="utf8-lossy")
    except pl.exceptions.NoDataError:
        raise _empty(path) from None
    except pl.exceptions.ComputeError as error:
        message = f"{path.name} is not a CSV file Roundtable can read: {error}"
        raise ImportFailed([RowError(None, None, message)]) from None
    if frame.height == 0:
        raise _empty(path)
    names = [frame.item(0, i) or "" for i in range(frame.width)]
    return names, frame.slice(1)


def _read_xlsx(path: Path) -> tuple[list[str], pl.DataFrame]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFailed(
            [RowError(None, None, f"{path.name} is not an XLSX file: {error}")]
        ) from None
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows, None)
    if not headers or not any(h is not None and str(h).strip() for h in headers):
        raise _empty(path)
    names = ["" if h is None else str(h) for h in headers]
    data = [["" if v is None else str(v) for v in row[: len(names)]] for row in rows]
    columns = {f"_{i}": [r[i] if i < len(r) else "" for r in data] for i in range(len(names))}
    return names, pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def _header_errors(columns: list[str]) -> list[RowError]:
    errors = [
        RowError(1, name, "this column is missing; add it to the header row")
        for name in KEY_COLUMNS
        if name not in columns
    ]
    if "value" not in columns and not {"count", "denominator"} <= set(columns):
        errors.append(
            RowError(1, "value", "add a column named value, or columns count and denominator")
        )
    allowed = ", ".join(OBSERVATION_COLUMNS)
    errors += [
        RowError(1, name, f"unknown column; expected some of: {allowed}")
        for name in columns
        if name not in OBSERVATION_COLUMNS
    ]
    return errors


def _problems(frame: pl.DataFrame, condition: pl.Expr, column: str, message: str) -> list[RowError]:
    """RowErrors for the rows where `condition` holds."""
    rows = frame.filter(condition.fill_null(False)).get_column(ROW).to_list()
    return [RowError(row, column, message) for row in rows]


def _problems_by(frame: pl.DataFrame, column: str, messages: pl.Expr) -> list[RowError]:
    """RowErrors for the rows where `messages` (a text expression) is not null."""
    found = frame.select(ROW, messages.alias("_m")).filter(pl.col("_m").is_not_null())
    return [RowError(row, column, message) for row, message in found.iter_rows()]


def check_observations(
    frame: pl.DataFrame, partnership: Partnership, suppress_below: int
) -> tuple[pl.DataFrame, list[RowError]]:
    """The rows of `frame` ready to write (indicator and area ids, parsed periods,
    numbers, computed values, suppression), and every problem found."""
    errors = _header_errors(frame.columns)
    if errors:
        return frame, errors
    if frame.height == 0:
        return frame, [RowError(None, None, "the file has a header row but no data; add rows")]
    strip = [pl.col(c).str.strip_chars() for c in frame.columns]
    frame = frame.with_columns(strip).with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns]
    )
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(ROW))
    for name in (*NUMBER_COLUMNS, *TEXT_COLUMNS):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    errors = []
    for name in KEY_COLUMNS:
        errors += _problems(frame, pl.col(name).is_null(), name, "this is blank; fill it in")

    # Codes, joined against dictionaries: the partnership's indicators, every area.
    indicators = pl.DataFrame(
        list(
            Indicator.objects.filter(partnership=partnership).values_list(
                "code", "pk", "value_type", "multiplier", "ci_method"
            )
        ),
        schema={
            "_code": pl.String,
            "indicator_id": pl.Int64,
            "_type": pl.String,
            "_mult": pl.Int64,
            "_ci": pl.String,
        },
        orient="row",
    ).with_columns(pl.col("_code").str.to_lowercase())
    frame = frame.with_columns(pl.col("indicator").str.to_lowercase().alias("_code")).join(
        indicators, on="_code", how="left"
    )
    errors += _problems(
        frame,
        pl.col("indicator").is_not_null() & pl.col("indicator_id").is_null(),
        "indicator",
        f"no indicator of {partnership.name} has this code; import it first with "
        "roundtable lis import-indicators",
    )
    codes = frame.get_column("area_code").unique().drop_nulls().to_list()
    areas = pl.DataFrame(
        list(Area.objects.values_list("code", "pk")),
        schema={"area_code": pl.String, "area_id": pl.Int64},
        orient="row",
    ).filter(pl.col("area_code").is_in(codes))
    frame = frame.join(areas, on="area_code", how="left")
    errors += _problems(
        frame,
        pl.col("area_code").is_not_null() & pl.col("area_id").is_null(),
        "area_code",
        "no area has this code; use an ONS GSS code like E01001234, or load the area first",
    )

    # Periods: each distinct label parsed once.
    parsed: dict[str, tuple[str | None, object, object, str | None]] = {}
    for label in frame.get_column("period").unique().drop_nulls().to_list():
        try:
            period = parse_period(label)
            parsed[label] = (period.label, period.start, period.end, None)
        except PeriodError as error:
            parsed[label] = (None, None, None, str(error))
    periods = pl.DataFrame(
        [(label, *found) for label, found in parsed.items()],
        schema={
            "period": pl.String,
            "_period": pl.String,
            "period_start": pl.Date,
            "period_end": pl.Date,
            "_period_error": pl.String,
        },
        orient="row",
    )
    frame = frame.join(periods, on="period", how="left")
    errors += _problems_by(frame, "period", pl.col("_period_error"))

    # Numbers.
    for name in NUMBER_COLUMNS:
        number = pl.col(name).str.replace_all(",", "").cast(pl.Float64, strict=False)
        frame = frame.with_columns(number.alias(f"_{name}"))
        errors += _problems(
            frame,
            pl.col(name).is_not_null()
            & (pl.col(f"_{name}").is_null() | ~pl.col(f"_{name}").is_finite()),
            name,
            "enter a number, like 72.5",
        )
    number = {name: pl.col(f"_{name}") for name in NUMBER_COLUMNS}
    for name in ("count", "denominator"):
        errors += _problems(frame, number[name] < 0, name, "enter a number of 0 or more")
    errors += _problems(
        frame,
        pl.col("value").is_null()
        & (
            pl.col("count").is_null()
            | (pl.col("denominator").is_null() & (pl.col("_type") != ValueType.COUNT))
        ),
        "value",
        "this is blank; give a value, or a count and a denominator",
    )
    errors += _problems(
        frame,
        number["count"] > number["denominator"],
        "count",
        "the count is more than its denominator; check both",
    )
    # A value not given is worked out from the count and the denominator.
    scale = (
        pl.when(pl.col("_type") == ValueType.PROPORTION)
        .then(100.0)
        .when(pl.col("_type") == ValueType.RATE)
        .then(pl.col("_mult").cast(pl.Float64))
        .otherwise(1.0)
    )
    worked_out = (
        pl.when(pl.col("_type") == ValueType.COUNT)
        .then(number["count"])
        .when(number["denominator"] > 0)
        .then(number["count"] / number["denominator"] * scale)
    )
    frame = frame.with_columns(pl.coalesce(number["value"], worked_out).alias("_value"))
    value = pl.col("_value")
    # A count's value is its count: suppression and limits read it as one.
    frame = frame.with_columns(
        pl.when(pl.col("_type") == ValueType.COUNT)
        .then(pl.coalesce(number["count"], value))
        .otherwise(number["count"])
        .alias("_count")
    )
    errors += _problems(
        frame,
        (pl.col("_type") == ValueType.PROPORTION) & ((value > 100) | (value < 0)),
        "value",
        "a proportion is a percentage from 0 to 100; check the value",
    )
    for lower, upper in CI_PAIRS:
        errors += _problems(
            frame,
            number[lower] > number[upper],
            lower,
            f"the lower limit is above the upper one ({upper}); swap them",
        )
        errors += _problems(
            frame, number[lower] > value, lower, "the lower limit is above the value; check both"
        )
        errors += _problems(
            frame, number[upper] < value, upper, "the upper limit is below the value; check both"
        )
    for name, length in TEXT_COLUMNS.items():
        errors += _problems(
            frame,
            pl.col(name).str.len_chars() > length,
            name,
            f"this is longer than {length} characters; shorten it",
        )

    # The same cell twice in one file.
    cell = ["_code", "area_code", "_period", "sex", "age", "category"]
    frame = frame.with_columns(pl.col(ROW).min().over(cell).alias("_first"))
    duplicated = pl.col("_first") != pl.col(ROW)
    found = frame.filter(duplicated & pl.col("_period").is_not_null()).select(ROW, "_first")
    errors += [
        RowError(row, "indicator", f"this cell is already on row {first}; keep one of them")
        for row, first in found.iter_rows()
    ]

    if errors:
        return frame, sorted(errors, key=lambda e: (e.row or 0, e.column or ""))
    frame = with_limits(frame)
    frame = frame.with_columns(suppressed_cells(frame, suppress_below).alias("_suppressed"))
    ready = frame.select(
        pl.col("indicator_id"),
        pl.col("area_id"),
        pl.col("_period").alias("period"),
        pl.col("period_start"),
        pl.col("period_end"),
        *[pl.col(n).fill_null("") for n in ("sex", "age", "category")],
        value.alias("value"),
        *[number[n].alias(n) for n in NUMBER_COLUMNS[1:3]],
        *[pl.col(f"_{n}").alias(n) for n in LIMITS],
        pl.col("_ci_method").alias("ci_method"),
        pl.col("note").fill_null(""),
        pl.col("_suppressed").alias("suppressed"),
    )
    return ready, []


# Confidence limits -----------------------------------------------------------------

LIMITS = ("lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8")
COMPUTED_TYPES = (ValueType.COUNT, ValueType.PROPORTION, ValueType.RATE)
GIVEN_WITH_THE_DATA = "Given with the data"


def with_limits(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its confidence limits complete and `_ci_method` naming how each
    row's were made: the file's own limits are kept (named by the indicator's
    `ci_method`, else "Given with the data"); a row with none gets them from its count
    by `rules.confidence_limits` (Wilson score, Byar's method or exact Poisson), the
    method named; a row whose limits cannot be computed (a mean, no count) has none.

    `confidence_limits` is called once per distinct (type, count, denominator, scale),
    not once per row: a file of a million rows has far fewer distinct cells."""
    given = pl.any_horizontal([pl.col(f"_{n}").is_not_null() for n in LIMITS])
    scale = (
        pl.when(pl.col("_type") == ValueType.PROPORTION)
        .then(100.0)
        .when(pl.col("_type") == ValueType.RATE)
        .then(pl.col("_mult").cast(pl.Float64))
        .otherwise(1.0)
    )
    # The value is only needed where there is no count to work from.
    frame = frame.with_columns(
        (~given & pl.col("_type").is_in([t.value for t in COMPUTED_TYPES])).alias("_compute"),
        scale.alias("_scale"),
        pl.when(pl.col("_count").is_null()).then(pl.col("_value")).alias("_from_value"),
    )
    # Byar's method and Wilson score, the formulas of `rules.byar_interval` and
    # `rules.wilson_interval`, as column expressions for every row they apply to; the
    # rest (exact Poisson under 10, and rows that get none) once per distinct cell.
    frame = frame.with_columns(_count_worked_out().alias("_x")).with_columns(
        _fast_limits().alias("_fast")
    )
    keys = ["_type", "_count", "_denominator", "_scale", "_from_value"]
    slow = frame.filter(pl.col("_compute") & ~pl.col("_fast")).select(ROW, *keys)
    wanted = slow.select(keys).unique()
    computed = []
    for value_type, count, denominator, multiplier, value in wanted.iter_rows():
        limits = rules.confidence_limits(
            value_type, count=count, denominator=denominator, multiplier=multiplier, value=value
        )
        computed.append(
            (
                value_type,
                count,
                denominator,
                multiplier,
                value,
                limits.lower_95,
                limits.upper_95,
                limits.lower_99_8,
                limits.upper_99_8,
                limits.method,
            )
        )
    table = pl.DataFrame(
        computed,
        schema={
            **{key: frame.schema[key] for key in keys},
            **{f"_made_{n}": pl.Float64 for n in LIMITS},
            "_made_method": pl.String,
        },
        orient="row",
    )
    # Joined by row number (one integer key), not by the five keys on every row.
    made = slow.join(table, on=keys, how="left", nulls_equal=True).drop(keys)
    frame = frame.join(made, on=ROW, how="left")
    fast = _fast_limit_columns()
    frame = frame.with_columns(
        *[
            pl.when(pl.col("_fast"))
            .then(fast[n])
            .otherwise(pl.col(f"_made_{n}"))
            .alias(f"_made_{n}")
            for n in (*LIMITS, "method")
        ]
    )
    return frame.with_columns(
        *[pl.coalesce(pl.col(f"_{n}"), pl.col(f"_made_{n}")).alias(f"_{n}") for n in LIMITS],
        pl.when(given)
        .then(pl.coalesce(pl.col("_ci").replace("", None), pl.lit(GIVEN_WITH_THE_DATA)))
        .otherwise(pl.col("_made_method").fill_null(""))
        .alias("_ci_method"),
    )


def _count_worked_out() -> pl.Expr:
    """The count the limits are made from: the count, or for a rate or proportion
    without one, value × denominator / multiplier (as `rules.confidence_limits`)."""
    return pl.coalesce(
        pl.col("_count"),
        pl.when(pl.col("_type") != ValueType.COUNT).then(
            pl.col("_from_value") * pl.col("_denominator") / pl.col("_scale")
        ),
    )


def _fast_limits() -> pl.Expr:
    """The rows whose limits `_fast_limit_columns` makes: counts and rates from a
    count of 10 (Byar's method), proportions (Wilson score), with the inputs those
    need; `rules.confidence_limits` gives the others none or another method."""
    x, n, scale = pl.col("_x"), pl.col("_denominator"), pl.col("_scale")
    kind = pl.col("_type")
    byar = (x >= rules.EXACT_BELOW) & (
        (kind == ValueType.COUNT) | ((kind == ValueType.RATE) & (scale > 0) & (n > 0))
    )
    wilson = (kind == ValueType.PROPORTION) & (scale > 0) & (n > 0) & (x >= 0) & (x <= n)
    return (pl.col("_compute") & (byar | wilson)).fill_null(False)


def _fast_limit_columns() -> dict[str, pl.Expr]:
    """Each limit and the method for the rows `_fast_limits` picks, with the same
    arithmetic as `rules.byar_interval`, `rate_interval` and `wilson_interval`
    (`_x`: the count they are made from, `_count_worked_out`)."""
    x, n, scale = pl.col("_x"), pl.col("_denominator"), pl.col("_scale")
    rate = pl.col("_type") == ValueType.RATE
    proportion = pl.col("_type") == ValueType.PROPORTION
    per = pl.when(rate).then(scale / n).otherwise(1.0)
    columns: dict[str, pl.Expr] = {}
    for confidence, lower_name, upper_name in ((0.95, *LIMITS[:2]), (0.998, *LIMITS[2:])):
        z = rules.z_value(confidence)
        lower = x * (1 - 1 / (9 * x) - z / (3 * x.sqrt())) ** 3.0
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * (x + 1).sqrt())) ** 3.0
        root = z * (z * z + 4 * x * (1 - x / n)).sqrt()
        columns[lower_name] = (
            pl.when(proportion)
            .then(pl.max_horizontal(0.0, (2 * x + z * z - root) / 2 / (n + z * z)) * scale)
            .when(lower >= 0)
            .then(lower * per)
        )
        columns[upper_name] = (
            pl.when(proportion)
            .then(pl.min_horizontal(1.0, (2 * x + z * z + root) / 2 / (n + z * z)) * scale)
            .otherwise(upper * per)
        )
    columns["method"] = pl.when(proportion).then(pl.lit(rules.WILSON)).otherwise(pl.lit(rules.BYAR))
    return columns


# Small-number suppression --------------------------------------------------------

BREAKDOWNS = ("sex", "age", "category")


def suppressed_cells(frame: pl.DataFrame, threshold: int) -> pl.Series:
    """Which rows of `frame` are suppressed, by `rules.suppress`: counts from 1 to
    `threshold` − 1, and the cells that would give one of them away through a total
    the same file publishes (`suppression_groups`). Cells stored by earlier imports
    are seen after the write, by `resuppress_stored`. Without any primary
    suppression nothing is computed (a file of large counts costs nothing here)."""
    count = pl.col("_count")
    primary = frame.select(((count >= 1) & (count < threshold)).fill_null(False)).to_series()
    if threshold <= 1 or not primary.any():
        return primary
    columns = ["indicator_id", "area_id", "_period", *BREAKDOWNS, ROW, "_count"]
    rows = frame.select(columns).with_columns([pl.col(b).fill_null("") for b in BREAKDOWNS])
    area_ids = rows.get_column("area_id").unique().to_list()
    parents = dict(Area.objects.filter(pk__in=area_ids).values_list("pk", "parent_id"))
    cells, totals = suppression_groups(rows.iter_rows(), parents)
    hidden = rules.suppress(cells, threshold, totals)
    return rows.get_column(ROW).is_in(list(hidden))


# One cell for suppression: indicator, area, period, sex, age, category, key, count.
SuppressionRow = tuple[int, int, str, str, str, str, object, float | None]


def suppression_groups(
    rows: Iterable[SuppressionRow], parents: dict[int, int | None]
) -> tuple[list[rules.Cell], dict[tuple, object]]:
    """The cells and published totals `rules.suppress` works on, for rows of one
    dataset (`parents`: each area's parent area):

    - a breakdown adds up to the row with that breakdown blank (Female and Male to
      Persons; an age band within Female to Female), for the same indicator, area
      and period;
    - areas add up to their parent area (LSOAs to their MSOA), for the same
      indicator, period and breakdown, when there is the parent's row.

    Each total maps to its total cell's key."""
    rows = list(rows)
    by_cell = {row[:6]: row[6] for row in rows}
    cells = []
    totals: dict[tuple, object] = {}
    for indicator, area, period, sex, age, category, key, found in rows:
        breakdown = (sex, age, category)
        groups = []
        for position, part in enumerate(breakdown):
            if part:
                whole = (*breakdown[:position], "", *breakdown[position + 1 :])
                total = by_cell.get((indicator, area, period, *whole))
                if total is not None:
                    group = ("breakdown", indicator, area, period, position, whole)
                    groups.append(group)
                    totals[group] = total
        parent = parents.get(area)
        total = by_cell.get((indicator, parent, period, *breakdown)) if parent else None
        if total is not None:
            group = ("area", indicator, parent, period, breakdown)
            groups.append(group)
            totals[group] = total
        cells.append(rules.Cell(key, found, other_groups=tuple(groups)))
    return cells, totals


#: Ids per UPDATE when suppression changes (well under SQLite's 32,766 parameters).
UPDATE_CHUNK = 10_000


def resuppress_stored(dataset: Dataset, written: pl.DataFrame) -> int:
    """Work out again, from the stored cells, which cells of `dataset` are
    suppressed for the indicators × periods just written, so that a total imported
    earlier with its parts now (or parts earlier and the total now) hides what would
    give a small count away; a cell is shown again only when no rule still hides it.
    Returns how many cells changed.

    Set-based: without any small count among those cells one UPDATE shows them all;
    otherwise one read of the cells (and one of their areas' parents), then the
    changed cells' flags in one UPDATE (per `UPDATE_CHUNK` ids)."""
    pairs: dict[int, set[str]] = defaultdict(set)
    for indicator_id, period in written.select("indicator_id", "period").unique().iter_rows():
        pairs[indicator_id].add(period)
    if not pairs:
        return 0
    scope = reduce(or_, (Q(indicator_id=i, period__in=sorted(p)) for i, p in pairs.items()))
    stored = Observation.objects.filter(scope, dataset_id=dataset.pk).annotate(
        # A count indicator's value is its count, as in `check_observations`.
        _count=Case(
            When(indicator__value_type=ValueType.COUNT, then=Coalesce("count", "value")),
            default=F("count"),
        )
    )
    threshold = dataset.suppress_below
    small = stored.filter(_count__gte=1, _count__lt=threshold)
    if threshold <= 1 or not small.exists():
        return stored.filter(suppressed=True).update(suppressed=False)
    return _resuppress(stored, threshold)


def _resuppress(stored: QuerySet[Observation], threshold: int) -> int:
    fields = ("indicator_id", "area_id", "period", *BREAKDOWNS, "pk", "_count", "suppressed")
    found = list(
        stored.order_by("indicator_id", "period", "area_id", *BREAKDOWNS).values_list(*fields)
    )
    areas = Area.objects.filter(pk__in=stored.values("area_id"))
    parents = dict(areas.values_list("pk", "parent_id"))
    cells, totals = suppression_groups((row[:8] for row in found), parents)
    hidden = rules.suppress(cells, threshold, totals)
    changed = [row[6] for row in found if (row[6] in hidden) != row[8]]
    for start in range(0, len(changed), UPDATE_CHUNK):
        chunk = changed[start : start + UPDATE_CHUNK]
        hide = [pk for pk in chunk if pk in hidden]
        Observation.objects.filter(pk__in=chunk).update(
            suppressed=Case(When(pk__in=hide, then=Value(True)), default=Value(False))
        )
    return len(changed)


def after_write(dataset: Dataset, written: pl.DataFrame, *, replacing: bool = True) -> None:
    """What an import does once its rows are written, inside its transaction:
    suppression worked out again over the stored cells (`resuppress_stored`), and
    the time the dataset's statistics changed (Fingertips' "New data").

    Into a dataset that had no cells (`replacing` False) the stored cells are the
    rows just written, whose suppression `check_observations` already worked out
    over the whole file by the same rules: reading them back would find nothing to
    change (about 1 s of a million-row import), so it is not done."""
    if replacing:
        resuppress_stored(dataset, written)
    Dataset.objects.filter(pk=dataset.pk).update(data_updated=timezone.now())


def dataset_for_import(partnership: Partnership, options: DatasetOptions) -> tuple[Dataset, bool]:
    """The dataset `options.slug` of the partnership, created when absent, with the
    options given set on it (neither saved yet), and whether it needs saving (new, or
    an option changed it); ImportFailed when it belongs to another partnership or an
    option is wrong."""
    errors = []
    chosen: dict = {}
    dataset = Dataset.objects.filter(slug=options.slug).first()
    if dataset is not None and dataset.partnership_id != partnership.pk:
        raise ImportFailed(
            [
                RowError(
                    None,
                    "--dataset",
                    f"{options.slug} is another partnership's dataset; choose another slug",
                )
            ]
        )
    if dataset is None:
        if not re.fullmatch(r"[-a-z0-9_]+", options.slug):
            errors.append(
                RowError(None, "--dataset", "use lower-case letters, digits and hyphens only")
            )
        dataset = Dataset(
            partnership=partnership,
            slug=options.slug,
            title=options.title or options.slug,
            licence=DEFAULT_LICENCE,
            suppress_below=DEFAULT_SUPPRESS_BELOW,
        )
    elif options.title:
        chosen["title"] = options.title
    if options.licence:
        if not SPDX_ID.fullmatch(options.licence):
            errors.append(RowError(None, "--licence", "enter an SPDX identifier, like OGL-UK-3.0"))
        chosen["licence"] = options.licence
    if options.suppress_below is not None:
        if not 0 <= options.suppress_below <= 1000:
            errors.append(RowError(None, "--suppress-below", "enter a whole number from 0 to 1000"))
        chosen["suppress_below"] = options.suppress_below
    if options.publisher:
        wanted = name_key(options.publisher)
        publisher = next(
            (
                o
                for o in Organisation.objects.filter(partnership=partnership)
                if wanted in {name_key(o.name), name_key(o.short_name or "")}
            ),
            None,
        )
        if publisher is None:
            errors.append(
                RowError(
                    None,
                    "--publisher",
                    f"{partnership.name} has no partner named "
                    f"{options.publisher}; give a partner organisation's name",
                )
            )
        chosen["publisher"] = publisher
    if errors:
        raise ImportFailed(errors)
    changed = assign_changed(dataset, chosen)
    return dataset, dataset._state.adding or changed


def import_observations(
    path: Path | str,
    partnership: Partnership,
    options: DatasetOptions,
    *,
    progress: Progress | None = None,
) -> str:
    """Import the statistics in the file at `path` into the dataset `options.slug`
    (created if absent): all rows or, with any problem, none (ImportFailed)."""
    dataset, to_save = dataset_for_import(partnership, options)
    frame = read_frame(path)
    ready, errors = check_observations(frame, partnership, dataset.suppress_below)
    if errors:
        raise ImportFailed(errors)
    # In the unique index's order: each row then lands next to the previous one.
    ready = ready.select(WRITTEN[1:]).sort(CELL[1:])
    with _staged(ready) as stage, transaction.atomic():
        if to_save:  # an import of the same file with the same options writes no history
            dataset.save()
        # A new dataset (no cells yet) needs no upsert: nothing can conflict.
        replacing = Observation.objects.filter(dataset=dataset).exists()
        if connection.vendor == "postgresql":
            _copy_postgres(ready, dataset.pk, replacing=replacing, progress=progress)
            if ready.height >= ANALYZE_FROM:
                _analyze_postgres()
        else:
            _insert_sqlite(stage, ready, dataset.pk, replacing=replacing, progress=progress)
        after_write(dataset, ready, replacing=replacing)
    indicators = ready.get_column("indicator_id").n_unique()
    return f"{ready.height:,} observations of {indicators} indicators into {dataset.title}"


# After this many rows PostgreSQL's statistics of the table are renewed at once.
ANALYZE_FROM = 20_000


def _analyze_postgres() -> None:
    """Renew the planner's statistics of the observations table, inside the import's
    transaction: until autovacuum gets to it, a table just grown by a bulk load is
    planned from old figures (an area profile's London comparison took 660 ms
    instead of 67 ms in benchmarks/lis_profile.py). It samples, so it takes well
    under a second, whatever the table's size."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Observation._meta.db_table}")


def _upsert(source: str) -> str:
    table = Observation._meta.db_table
    updated = ", ".join(f"{c} = excluded.{c}" for c in WRITTEN if c not in CELL)
    return (
        f"INSERT INTO {table} ({', '.join(WRITTEN)}) {source} "
        f"ON CONFLICT ({', '.join(CELL)}) DO UPDATE SET {updated}"
    )


def _insert(source: str) -> str:
    return f"INSERT INTO {Observation._meta.db_table} ({', '.join(WRITTEN)}) {source}"


# SQLite: the rows are handed to SQLite as Arrow columns (ADBC), never as Python
# tuples, into a staging table of a database file of their own; Django's connection
# attaches that file and copies the rows across with INSERT … SELECT inside the
# import's transaction. The staging file is separate because the ADBC driver brings
# its own copy of SQLite, and two copies of SQLite must never open the same database
# file in one process (sqlite.org/howtocorrupt.html, 2.2.1). A small file (fewer than
# STAGE_FROM rows) skips staging: its tuples cost less than attaching a file. So does
# an import inside a transaction the caller opened: SQLite cannot detach a file read
# in a transaction until it ends, and holds at most 10 attached at once.
STAGE_FROM = 20_000
STAGE_PREFIX = "lis_stage_"


@contextmanager
def _staged(frame: pl.DataFrame) -> Iterator[str | None]:
    """On SQLite, for a large `frame`: the name of an attached database holding it as
    table `stage` (rowids 1…n in the frame's order); None otherwise (PostgreSQL, a
    small file, or inside the caller's transaction). The file is detached and deleted
    afterwards, whatever happened."""
    if connection.vendor != "sqlite" or frame.height < STAGE_FROM or connection.in_atomic_block:
        yield None
        return
    import adbc_driver_manager
    import adbc_driver_sqlite

    folder = Path(tempfile.mkdtemp(prefix="roundtable-lis-import-"))
    alias = f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"
    try:
        with (
            adbc_driver_sqlite.connect(str(folder / "stage.sqlite3")) as database,
            adbc_driver_manager.AdbcConnection(database) as adbc,
            adbc_driver_manager.AdbcStatement(adbc) as statement,
        ):
            statement.set_options(
                **{
                    "adbc.ingest.target_table": "stage",
                    "adbc.ingest.mode": "adbc.ingest.mode.create",
                }
            )
            statement.bind_stream(
                frame.with_columns(
                    pl.col("period_start").cast(pl.String), pl.col("period_end").cast(pl.String)
                )
            )
            statement.execute_update()
        connection.ensure_connection()
        raw = connection.connection
        _detach_stages(raw)
        raw.execute(f"ATTACH DATABASE ? AS {alias}", [str(folder / "stage.sqlite3")])
        try:
            yield alias
        finally:
            _detach(raw, alias)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _detach(raw: sqlite3.Connection, alias: str) -> None:
    try:
        raw.execute(f"DETACH DATABASE {alias}")
    except sqlite3.OperationalError:
        pass  # only when the connection broke mid-import: the next import detaches it


def _detach_stages(raw: sqlite3.Connection) -> None:
    """Detach staging files an earlier import could not (see `_staged`)."""
    for _, name, _ in raw.execute("PRAGMA database_list").fetchall():
        if name.startswith(STAGE_PREFIX):
            _detach(raw, name)


def _insert_sqlite(
    stage: str | None,
    frame: pl.DataFrame,
    dataset_id: int,
    *,
    replacing: bool,
    progress: Progress | None,
) -> None:
    """INSERT … SELECT from the attached staging table in chunks of rowids (for the
    progress bar), or, without one, executemany of the frame's rows; an upsert only
    when the dataset already has cells. On the raw sqlite3 connection, inside
    Django's transaction, with a 256 MB page cache (this connection only) that keeps
    the indexes' pages in memory."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA cache_size = -262144")
    write = _upsert if replacing else _insert
    total = frame.height
    if stage is None:
        sql = write(f"VALUES ({', '.join('?' * len(WRITTEN))})")
        rows = frame.select(
            pl.lit(dataset_id, dtype=pl.Int64),
            pl.all(),
        ).with_columns(pl.col("period_start").cast(pl.String), pl.col("period_end").cast(pl.String))
        for offset in range(0, total, CHUNK):
            raw.executemany(sql, rows.slice(offset, CHUNK).iter_rows())
            if progress:
                progress(min(offset + CHUNK, total), total)
        return
    # The names are this module's constants and a generated alias, never input.
    columns = ", ".join(WRITTEN[1:])
    sql = write(f"SELECT ?, {columns} FROM {stage}.stage WHERE rowid > ? AND rowid <= ?")  # noqa: S608
    step = CHUNK * 4
    for offset in range(0, total, step):
        raw.execute(sql, [dataset_id, offset, offset + step])
        if progress:
            progress(min(offset + step, total), total)


def _copy_postgres(
    frame: pl.DataFrame, dataset_id: int, *, replacing: bool, progress: Progress | None
) -> None:
    """COPY the rows: straight into the table for a new dataset (nothing to replace);
    otherwise into a temporary table, then one upsert from it. The upsert keeps each
    replaced cell's id, which CKAN's DataStore publishes as `_id` (deleting the cells
    and inserting them again was a little faster, but gave every cell a new id)."""
    frame = frame.select(pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"), pl.all())
    columns = ", ".join(WRITTEN)
    text = ("sex", "age", "category", "ci_method", "note")
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        target = table
        if replacing:
            target = "lis_import"
            cursor.execute(
                f"CREATE TEMPORARY TABLE lis_import (LIKE {table} INCLUDING DEFAULTS) "
                "ON COMMIT DROP"
            )
            cursor.execute("ALTER TABLE lis_import DROP COLUMN id")
        total = frame.height
        raw = cursor.cursor
        for offset in range(0, total, CHUNK * 4):
            data = io.BytesIO()
            frame.slice(offset, CHUNK * 4).write_csv(data, include_header=False)
            with raw.copy(
                f"COPY {target} ({columns}) FROM STDIN "
                f"(FORMAT csv, FORCE_NOT_NULL ({', '.join(text)}))"
            ) as copy:
                copy.write(data.getvalue())
            if progress:
                progress(min(offset + CHUNK * 4, total), total)
        if not replacing:
            return
        # The column names are this module's constants, never input.
        ordered = f"SELECT {columns} FROM lis_import ORDER BY {', '.join(CELL)}"  # noqa: S608
        cursor.execute(_upsert(ordered))
        cursor.execute("DROP TABLE lis_import")


def too_many(errors: list[RowError], limit: int = 50) -> str:
    """The problems as lines, at most `limit` of them, then "and N more"."""
    lines = [str(e) for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit:,} more")
    return "\n".join(lines)
