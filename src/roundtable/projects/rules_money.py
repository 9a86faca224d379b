"""The pure rules of projects' money: reading amounts as people write them in board
papers and spreadsheets, financial years, and the totals the money pages show.

No Django here: these are plain functions tested without the database, and the
forms, the funding import and the services all call them, so a value refused in
one place is refused, with the same words, in every other.

Amounts are `Decimal` pounds, exact to the penny, never negative:

- accepted: `50000`, `£50,000`, `50,000.50`, `£50k`, `1.2m`, `£1.2m`, `£1,250,000`,
  `£ 50k` (a space after the pound sign), `50K`, `1.5M`;
- refused as ambiguous, with a message saying how to write it: `1,25` (a comma
  not followed by three digits), `50.000` (three decimals: fifty thousand written
  the European way, or fifty pounds?), `1,2,3`, `5k5`, `1.2.3`;
- refused as negative: `-5`, `£-5`, `(5)` (an accountant's minus);
- refused as not an amount: `£`, `fifty`, an empty value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from roundtable.core.dates import example_periods, site_today

PENNY = Decimal("0.01")
# The largest amount a record holds (max_digits=14, two of them pence).
LARGEST = Decimal("999999999999.99")
HOW = "write it like 50000, £50,000, £50,000.50, £50k or £1.2m"
MULTIPLIERS = {"": Decimal(1), "k": Decimal(1000), "m": Decimal(1_000_000)}

_GROUPED = r"\d{1,3}(?:,\d{3})+"
_PLAIN = r"\d+"
_AMOUNT = re.compile(
    rf"^(?P<whole>{_GROUPED}|{_PLAIN})?(?:\.(?P<fraction>\d+))?\s*(?P<suffix>[km]?)$"
)


class AmountError(ValueError):
    """An amount that cannot be read; its message says how to write it."""


def parse_amount(text: str) -> Decimal:
    """The amount `text` writes, in pounds to the penny; AmountError otherwise."""
    raw = " ".join(str(text).split())
    if not raw:
        raise AmountError(f"enter an amount; {HOW}")
    value = raw.lower().replace("£", "", 1).strip()
    if value.startswith("gbp"):
        value = value[3:].strip()
    if value.startswith(("-", "−", "(")) or value.endswith(")"):
        raise AmountError(
            f"'{raw}' is negative; money here is never negative: enter the amount without "
            "a minus sign or brackets, like £5,000 (record money coming back as its own line)"
        )
    if value.startswith("+"):
        value = value[1:].strip()
    if not value or not any(c.isdigit() for c in value):
        raise AmountError(f"'{raw}' is not an amount; {HOW}")
    match = _AMOUNT.match(value)
    if match is None or (match["whole"] is None and match["fraction"] is None):
        raise AmountError(_why_not(raw, value))
    whole = (match["whole"] or "0").replace(",", "")
    fraction = match["fraction"] or ""
    suffix = match["suffix"]
    if not suffix and len(fraction) > 2:
        if len(fraction) == 3 and "," not in (match["whole"] or ""):
            raise AmountError(
                f"'{raw}' is ambiguous: write fifty thousand pounds as 50,000 or 50000, "
                "and pounds and pence with two decimals, like 50.00"
            )
        raise AmountError(f"'{raw}' has more than two decimals; give pence as two, like 50.25")
    try:
        amount = Decimal(f"{whole}.{fraction or '0'}") * MULTIPLIERS[suffix]
    except InvalidOperation:
        raise AmountError(f"'{raw}' is not an amount; {HOW}") from None
    if amount != amount.quantize(PENNY):
        raise AmountError(
            f"'{raw}' is not a whole number of pence; give fewer decimals, like "
            f"£{amount.quantize(PENNY, rounding=ROUND_HALF_UP):,}"
        )
    if amount > LARGEST:
        raise AmountError(f"'{raw}' is too large; the largest amount is £{LARGEST:,}")
    return amount.quantize(PENNY)


def _why_not(raw: str, value: str) -> str:
    """The message for a value that is almost an amount."""
    if re.search(r"[km]\s*\d", value):
        return f"'{raw}' is ambiguous: a k or m must end the amount; write £5.5k as 5.5k or 5,500"
    if value.count(".") > 1:
        return f"'{raw}' has more than one decimal point; {HOW}"
    if "," in value:
        return (
            f"'{raw}' is ambiguous: commas separate thousands in groups of three "
            "(1,250 or 1,250,000) and a point starts the pence (1.25)"
        )
    return f"'{raw}' is not an amount; {HOW}"


def check_amount(amount: Decimal | int | None) -> str | None:
    """Why a stored amount is wrong (negative, beyond pence, too large), or None."""
    if amount is None:
        return "enter an amount"
    value = Decimal(amount)
    if value < 0:
        return "money is never negative; enter the amount without a minus sign"
    if value != value.quantize(PENNY):
        return "give pence as two decimals at most"
    if value > LARGEST:
        return f"the largest amount is £{LARGEST:,}"
    return None


def format_amount(amount: Decimal | int | None) -> str:
    """£50,000 for whole pounds, £50,000.50 with pence; blank for none."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(PENNY)
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value:,}"


# Financial years ----------------------------------------------------------------

_YEAR = re.compile(r"^(?:fy\s*)?(?P<start>\d{4})\s*[/\-–]\s*(?P<end>\d{2}|\d{4})$")


class YearError(ValueError):
    """A financial year that cannot be read; its message says how to write it."""


def parse_financial_year(text: str) -> str:
    """'2011/12', '2011-12', '2011/2012' or '2011-2012' -> '2011/12'; YearError otherwise."""
    raw = " ".join(str(text).split())
    match = _YEAR.match(raw.lower())
    if match is None:
        example = example_periods(site_today()).financial_year
        raise YearError(f"'{raw}' is not a financial year; write it like {example}")
    start = int(match["start"])
    end = match["end"]
    follows = (start + 1) % 100 if len(end) == 2 else start + 1
    if int(end) != follows:
        raise YearError(
            f"'{raw}' is not one financial year (April to March); write it like "
            f"{format_financial_year(start)}"
        )
    return format_financial_year(start)


def format_financial_year(start: int) -> str:
    """2011 -> '2011/12'."""
    return f"{start}/{(start + 1) % 100:02d}"


def year_start(financial_year: str) -> int:
    """'2011/12' -> 2011."""
    return int(financial_year[:4])


def financial_years(first: str, last: str) -> list[str]:
    """Every financial year from `first` to `last`, both included."""
    start, end = year_start(first), year_start(last)
    if end < start:
        raise YearError(f"{last} is before {first}; the last year must not be before the first")
    return [format_financial_year(y) for y in range(start, end + 1)]


# Totals -------------------------------------------------------------------------

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetFigures:
    """Planned, committed and spent of one budget line (or a sum of them)."""

    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    def __add__(self, other: BudgetFigures) -> BudgetFigures:
        return BudgetFigures(
            self.planned + other.planned,
            self.committed + other.committed,
            self.spent + other.spent,
        )

    @property
    def remaining(self) -> Decimal:
        """What is planned but not yet spent (never below nothing)."""
        return max(self.planned - self.spent, ZERO)


def budget_totals(
    lines: Iterable[tuple[object, str, BudgetFigures]],
) -> dict[object, dict[str, BudgetFigures]]:
    """Each project's figures per financial year, and its total under the key
    "total", from (project, financial year, figures) lines."""
    totals: dict[object, dict[str, BudgetFigures]] = defaultdict(dict)
    for project, year, figures in lines:
        per_year = totals[project]
        per_year[year] = per_year.get(year, BudgetFigures()) + figures
        per_year["total"] = per_year.get("total", BudgetFigures()) + figures
    return {
        project: dict(sorted(years.items(), key=lambda kv: (kv[0] == "total", kv[0])))
        for project, years in totals.items()
    }


@dataclass(frozen=True)
class Grid:
    """A table of amounts: rows (partners) across columns (financial years), with
    the total of each row, of each column and of all."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    row_totals: dict[str, Decimal] = field(default_factory=dict)
    column_totals: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = ZERO

    def cell(self, row: str, column: str) -> Decimal | None:
        return self.cells.get((row, column))

    def lines(self) -> list[tuple[str, list[Decimal | None], Decimal]]:
        """Each row's name, its cells in column order (None where nothing was given)
        and its total: what a page or a spreadsheet draws."""
        return [
            (row, [self.cells.get((row, c)) for c in self.columns], self.row_totals[row])
            for row in self.rows
        ]

    def labelled_lines(self) -> list[tuple[str, list[tuple[str, Decimal | None]], Decimal]]:
        """`lines`, each cell with its column's name: a page labels each figure with
        its year when a phone stacks the table's rows."""
        return [
            (name, list(zip(self.columns, cells, strict=True)), total)
            for name, cells, total in self.lines()
        ]


def grid(entries: Iterable[tuple[str, str, Decimal]], *, columns: Iterable[str] = ()) -> Grid:
    """Sum (row, column, amount) entries into a `Grid`: rows by name, columns (the
    financial years) in order, including any `columns` given with no entry."""
    cells: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    row_totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    column_totals: dict[str, Decimal] = dict.fromkeys(columns, ZERO)
    total = ZERO
    for row, column, amount in entries:
        cells[(row, column)] += amount
        row_totals[row] += amount
        column_totals[column] = column_totals.get(column, ZERO) + amount
        total += amount
    ordered_columns = sorted(column_totals)
    return Grid(
        rows=sorted(row_totals, key=str.casefold),
        columns=ordered_columns,
        cells=dict(cells),
        row_totals=dict(row_totals),
        column_totals={c: column_totals[c] for c in ordered_columns},
        total=total,
    )


def totals_by(entries: Iterable[tuple[str, Decimal]], order: Iterable[str]) -> dict[str, Decimal]:
    """The sum of the amounts per key, every key of `order` present (in that order)."""
    found = dict.fromkeys(order, ZERO)
    for key, amount in entries:
        found[key] = found.get(key, ZERO) + amount
    return found


# The statuses of funding as stored (`FundingStatus`'s values): a declined bid is out
# of the pipeline; awarded or spent money is secured.
DECLINED = "declined"
SECURED = ("awarded", "spent")


@dataclass(frozen=True)
class FundingTotals:
    """What a list of funding adds up to: what is still in the pipeline (every status
    but declined), the part of it secured (awarded or spent), and what was declined."""

    in_pipeline: Decimal = ZERO
    secured: Decimal = ZERO
    declined: Decimal = ZERO
    count_in_pipeline: int = 0


def funding_totals(entries: Iterable[tuple[str, Decimal]]) -> FundingTotals:
    """Sum (status, amount) entries: declined money is never counted in the pipeline."""
    in_pipeline = secured = declined = ZERO
    count = 0
    for status, amount in entries:
        if status == DECLINED:
            declined += amount
            continue
        in_pipeline += amount
        count += 1
        if status in SECURED:
            secured += amount
    return FundingTotals(in_pipeline, secured, declined, count)
