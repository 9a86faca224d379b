"""Pure rules of the joint asset register: reading money and percentages as partners
write them, lease dates, the register's filters, and the "data received" coverage.

No Django here: the services, forms, importers and pages call these. Each parser
raises `ValueError` with a message a person can act on, without the field's name;
the caller puts it after "Row 3, market_value: ".

Money is read the way partners' spreadsheets write it: "£1,250,000", "1250000",
"£50k", "£1.2m", "250000.50". A value that could be read two ways is refused
rather than guessed: "1,25" (a decimal comma, or a mistyped thousand?) and
"50.000" (fifty, or fifty thousand written the continental way?).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MONEY_EXAMPLE = "£1,250,000 or £50k"
_MULTIPLIERS = {"": Decimal(1), "k": Decimal(1_000), "m": Decimal(1_000_000)}
_MONEY = re.compile(r"^(?P<number>[0-9][0-9,.]*)(?P<unit>k|m|bn)?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]+)?$")
MAX_MONEY = Decimal("999999999999.99")


def parse_money(text: str) -> Decimal | None:
    """An amount of pounds from a spreadsheet cell, or None when it is blank.

    Accepts a leading £ (or "GBP"), thousands separators in groups of three, and a
    "k" or "m" multiplier; refuses negatives and values that read two ways."""
    raw = (text or "").strip()
    if not raw:
        return None
    compact = re.sub(r"\s+", "", raw).lower()
    negative = compact.startswith(("-", "("))
    for sign in ("£", "gbp"):
        if compact.startswith(sign):
            compact = compact[len(sign) :]
    if negative or compact.startswith("-"):
        raise ValueError(f"'{raw}' is negative; enter an amount of £0 or more")
    match = _MONEY.match(compact)
    if match is None or match.group("unit") == "bn":
        raise ValueError(f"'{raw}' is not an amount of money; enter one like {MONEY_EXAMPLE}")
    number, unit = match.group("number"), match.group("unit") or ""
    if "," in number:
        if not _GROUPED.match(number):
            raise ValueError(
                f"'{raw}' could be read two ways; write thousands with commas every three "
                f"digits and pence after a point, like {MONEY_EXAMPLE}"
            )
        number = number.replace(",", "")
    elif not _PLAIN.match(number):
        raise ValueError(f"'{raw}' is not an amount of money; enter one like {MONEY_EXAMPLE}")
    decimals = number.partition(".")[2]
    if not unit and len(decimals) == 3:
        raise ValueError(
            f"'{raw}' could be read two ways (thousands or pence); write "
            f"{number.replace('.', ',')} for thousands or round to pence"
        )
    if not unit and len(decimals) > 2:
        raise ValueError(f"'{raw}' has more than two decimal places; round it to the penny")
    try:
        value = Decimal(number) * _MULTIPLIERS[unit]
    except InvalidOperation:
        raise ValueError(
            f"'{raw}' is not an amount of money; enter one like {MONEY_EXAMPLE}"
        ) from None
    if value > MAX_MONEY:
        raise ValueError(f"'{raw}' is too large; enter an amount under £1,000,000,000,000")
    return value.quantize(Decimal("0.01"))


def parse_percent(text: str) -> Decimal | None:
    """A utilisation percentage: "65%", "65" or "65.5"; None when blank. Refuses
    values over 100 or below 0, and a fraction like "0.65" (65%, or 0.65%? a
    spreadsheet's percent cell reads as a fraction)."""
    raw = (text or "").strip()
    if not raw:
        return None
    compact = raw.replace(" ", "")
    has_sign = compact.endswith("%")
    number = compact.rstrip("%")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"'{raw}' is not a percentage; enter one like 65%") from None
    if not value.is_finite():
        raise ValueError(f"'{raw}' is not a percentage; enter one like 65%")
    if value < 0:
        raise ValueError(f"'{raw}' is below 0%; enter a percentage from 0 to 100")
    if value > 100:
        raise ValueError(f"'{raw}' is over 100%; enter a percentage from 0 to 100")
    if not has_sign and 0 < value < 1:
        whole = f"{(value * 100).normalize():f}"
        raise ValueError(
            f"'{raw}' could be {whole}% or {value}%; write it with a % sign, like {whole}%"
        )
    if value != value.quantize(Decimal("0.1")):
        raise ValueError(f"'{raw}' has more than one decimal place; round it, like 65.5%")
    return value.quantize(Decimal("0.1"))


def parse_capacity(text: str) -> int | None:
    """How many people a building holds: a whole number of 0 or more."""
    raw = (text or "").strip()
    if not raw:
        return None
    compact = raw.replace(",", "") if _GROUPED.match(raw) else raw
    if not compact.isdigit():
        raise ValueError(
            f"'{raw}' is not a whole number; enter the places, desks or seats, like 120"
        )
    return int(compact)


def check_lease(start: datetime.date | None, end: datetime.date | None) -> dict[str, str]:
    """Problems with a lease's dates, by field: it cannot end before it starts."""
    if start and end and end < start:
        return {
            "lease_end": f"lease_end: the lease ends ({end:%-d %B %Y}) before it starts "
            f"({start:%-d %B %Y}); check both dates"
        }
    return {}


PLANS = ("disposal", "acquisition", "review")


def check_plan(plan: str, expected: datetime.date | None, note: str) -> dict[str, str]:
    """Problems with an asset's plan, by field: a known plan, and an expected date or
    a note only with a plan (else they would describe nothing)."""
    if plan and plan not in PLANS:
        return {"plan": "plan: choose planned for disposal, planned acquisition or under review"}
    if not plan and (expected is not None or note.strip()):
        return {
            "plan": "plan: choose what is planned (disposal, acquisition or under review), "
            "or clear the expected date and the note"
        }
    return {}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def lease_ends_within(lease_end: datetime.date | None, today: datetime.date, months: int) -> bool:
    """Whether a lease ends between today and `months` from today (both included)."""
    return lease_end is not None and today <= lease_end <= add_months(today, months)


# The fields a partner's return is expected to fill, in the register's order, with
# the words the coverage page uses. Name, owner, postcode, use and tenure are
# required, so they are always filled.
COVERAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("address", "Address"),
    ("public_access", "Public access"),
    ("landlord", "Landlord"),
    ("lease_end", "Lease end"),
    ("capacity", "Capacity"),
    ("utilisation", "Utilisation"),
    ("market_value", "Market value"),
    ("rateable_value", "Rateable value"),
    ("condition", "Condition"),
    ("operating_cost", "Operating cost"),
)


# A freehold has no landlord and no lease: these are expected of leaseholds only.
LEASE_FIELDS = frozenset({"landlord", "lease_end"})


@dataclass(frozen=True)
class FieldCoverage:
    field: str
    label: str
    filled: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.filled

    @property
    def complete(self) -> bool:
        return self.filled == self.total


@dataclass(frozen=True)
class OwnerCoverage:
    owner: str
    assets: int
    fields: tuple[FieldCoverage, ...]

    @property
    def gaps(self) -> int:
        return sum(f.missing for f in self.fields)

    @property
    def percent_filled(self) -> int:
        cells = sum(f.total for f in self.fields)
        if not cells:
            return 0
        return round(100 * (cells - self.gaps) / cells)


def coverage(
    owner: str, assets: int, filled: Mapping[str, int], leaseholds: int | None = None
) -> OwnerCoverage:
    """One owner's "data received": per expected field, how many assets have it.
    The landlord and lease end are expected of the `leaseholds` only (all the
    assets when not given), and `filled` counts them among those."""
    expected = assets if leaseholds is None else leaseholds
    return OwnerCoverage(
        owner,
        assets,
        tuple(
            FieldCoverage(
                name, label, filled.get(name, 0), expected if name in LEASE_FIELDS else assets
            )
            for name, label in COVERAGE_FIELDS
        ),
    )


@dataclass(frozen=True)
class OwnerTotal:
    owner: str
    assets: int
    capacity: int
    operating_cost: Decimal | None
