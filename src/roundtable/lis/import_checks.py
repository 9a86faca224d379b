"""Reading and checking a file of LIS statistics (`roundtable lis import`,
`imports.import_observations`).

Statistics files can hold a million rows, so they are read with Polars and checked
column by column, never a query per row: codes are joined against dictionaries of
the partnership's indicators and of every area, each distinct period label is parsed
once. Every problem is collected with its row (the header is row 1, as a spreadsheet
shows it) and column. The rows of a file without problems get their confidence
limits (`with_limits`) and their small-number suppression (`suppressed_cells`)
worked out here, ready to write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from roundtable.core.imports import ImportFailed, RowError
from roundtable.geography.models import Area
from roundtable.lis import intervals, rules
from roundtable.lis.import_suppression import BREAKDOWNS, suppression_groups
from roundtable.lis.periods import PeriodError, parse_period
from roundtable.performance.choices import ValueType
from roundtable.performance.models import Indicator

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

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
        [
            (*row, intervals.declares_no_limits(row[-1]))
            for row in Indicator.objects.filter(partnership=partnership).values_list(
                "code", "pk", "value_type", "multiplier", "ci_method"
            )
        ],
        schema={
            "_code": pl.String,
            "indicator_id": pl.Int64,
            "_type": pl.String,
            "_mult": pl.Int64,
            "_ci": pl.String,
            "_no_ci": pl.String,
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
        f"no indicator of {partnership.name} has this code; import it first (Import "
        "indicators on the LIS import page, or roundtable lis import-indicators)",
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
    scale = _scale()
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
    # An indicator whose figures have no limits (a census count) takes none.
    errors += _problems(
        frame,
        pl.col("_no_ci").is_not_null()
        & pl.any_horizontal([number[n].is_not_null() for n in LIMITS]),
        LIMITS[0],
        "this indicator's figures have no confidence limits (its ci_method is None); "
        "leave the limit columns blank, or name the method in roundtable lis "
        "import-indicators",
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


def _scale() -> pl.Expr:
    """What a row's value is its count over its denominator times: 100 for a
    proportion (shown as %), the multiplier for a rate, 1 otherwise."""
    return (
        pl.when(pl.col("_type") == ValueType.PROPORTION)
        .then(100.0)
        .when(pl.col("_type") == ValueType.RATE)
        .then(pl.col("_mult").cast(pl.Float64))
        .otherwise(1.0)
    )


def with_limits(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its confidence limits complete and `_ci_method` naming how each
    row's were made: the file's own limits are kept (named by the indicator's
    `ci_method`, else "Given with the data"); a row with none gets them from its count
    by `intervals.confidence_limits` (Wilson score, Byar's method or exact Poisson), the
    method named; a row whose limits cannot be computed (a mean, no count) has none.

    `confidence_limits` is called once per distinct (type, count, denominator, scale),
    not once per row: a file of a million rows has far fewer distinct cells."""
    given = pl.any_horizontal([pl.col(f"_{n}").is_not_null() for n in LIMITS])
    scale = _scale()
    # The value is only needed where there is no count to work from.
    frame = frame.with_columns(
        (
            ~given
            & pl.col("_type").is_in([t.value for t in COMPUTED_TYPES])
            & pl.col("_no_ci").is_null()
        ).alias("_compute"),
        scale.alias("_scale"),
        pl.when(pl.col("_count").is_null()).then(pl.col("_value")).alias("_from_value"),
    )
    # Byar's method and Wilson score, the formulas of `intervals.byar_interval` and
    # `intervals.wilson_interval`, as column expressions for every row they apply to; the
    # rest (exact Poisson under 10, and rows that get none) once per distinct cell.
    frame = frame.with_columns(_count_worked_out().alias("_x")).with_columns(
        _fast_limits().alias("_fast")
    )
    keys = ["_type", "_count", "_denominator", "_scale", "_from_value"]
    slow = frame.filter(pl.col("_compute") & ~pl.col("_fast")).select(ROW, *keys)
    wanted = slow.select(keys).unique()
    computed = []
    for value_type, count, denominator, multiplier, value in wanted.iter_rows():
        limits = intervals.confidence_limits(
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
    without one, value × denominator / multiplier (as `intervals.confidence_limits`)."""
    return pl.coalesce(
        pl.col("_count"),
        pl.when(pl.col("_type") != ValueType.COUNT).then(
            pl.col("_from_value") * pl.col("_denominator") / pl.col("_scale")
        ),
    )


def _fast_limits() -> pl.Expr:
    """The rows whose limits `_fast_limit_columns` makes: counts and rates from a
    count of 10 (Byar's method), proportions (Wilson score), with the inputs those
    need; `intervals.confidence_limits` gives the others none or another method."""
    x, n, scale = pl.col("_x"), pl.col("_denominator"), pl.col("_scale")
    kind = pl.col("_type")
    byar = (x >= intervals.EXACT_BELOW) & (
        (kind == ValueType.COUNT) | ((kind == ValueType.RATE) & (scale > 0) & (n > 0))
    )
    wilson = (kind == ValueType.PROPORTION) & (scale > 0) & (n > 0) & (x >= 0) & (x <= n)
    return (pl.col("_compute") & (byar | wilson)).fill_null(False)


def _fast_limit_columns() -> dict[str, pl.Expr]:
    """Each limit and the method for the rows `_fast_limits` picks, with the same
    arithmetic as `intervals.byar_interval`, `rate_interval` and `wilson_interval`
    (`_x`: the count they are made from, `_count_worked_out`)."""
    x, n, scale = pl.col("_x"), pl.col("_denominator"), pl.col("_scale")
    rate = pl.col("_type") == ValueType.RATE
    proportion = pl.col("_type") == ValueType.PROPORTION
    per = pl.when(rate).then(scale / n).otherwise(1.0)
    columns: dict[str, pl.Expr] = {}
    for confidence, lower_name, upper_name in ((0.95, *LIMITS[:2]), (0.998, *LIMITS[2:])):
        z = intervals.z_value(confidence)
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
    columns["method"] = (
        pl.when(proportion).then(pl.lit(intervals.WILSON)).otherwise(pl.lit(intervals.BYAR))
    )
    return columns


# Small-number suppression --------------------------------------------------------


def suppressed_cells(frame: pl.DataFrame, threshold: int) -> pl.Series:
    """Which rows of `frame` are suppressed, by `rules.suppress`: counts from 1 to
    `threshold` − 1, and the cells that would give one of them away through a total
    the same file publishes (`suppression_groups`). Cells stored by earlier imports
    are seen after the write, by `import_suppression.resuppress_stored`. Without any primary
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
