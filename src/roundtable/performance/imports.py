"""Importing indicators, their figures and data issues from CSV or XLSX.

The column contract (docs/performance.md) is what partners' tools produce:

- indicators: code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance
  and optionally aggregation,decimals,definition,replaced_by,highlight
- values: code,period,actual,target,estimated,note
- data issues: code,issue,kind,recommended_decision,board_decision,status,raised_on

Every file is checked whole first; every problem is reported with its row, its
column and the bad value; nothing is written unless every row passes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import transaction

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    Table,
    check_headers,
    duplicate_rows,
)
from roundtable.core.records import (
    Outcome,
    assign_changed,
    insert_with_history,
    save_with_history,
    upsert,
    upsert_many,
)
from roundtable.partnership.choices import Sector
from roundtable.partnership.models import Organisation, Partnership, Person
from roundtable.partnership.rules import name_key
from roundtable.partnership.services import unique_organisation_slug
from roundtable.performance import parsers, rules
from roundtable.performance.choices import IssueKind, IssueStatus, Lifecycle, Unit
from roundtable.performance.models import DataIssue, Indicator, IndicatorValue
from roundtable.performance.periods import Period, frequency_fits, parse_period
from roundtable.performance.services import closed_message, closed_returns, reporting_quarter

if TYPE_CHECKING:
    from roundtable.accounts.models import User

INDICATOR_COLUMNS = (
    "code",
    "name",
    "theme",
    "polarity",
    "frequency",
    "unit",
    "cumulative",
    "lead_agency",
    "tolerance",
)
INDICATOR_OPTIONAL = (
    "aggregation",
    "decimals",
    "definition",
    "replaced_by",
    "highlight",
    # Extensions to the contract (optional; partners' files without them still work):
    "lifecycle",
    "public",
    "data_source",
    "responsible_officer",
    "multiplier",
    "valid_min",
    "valid_max",
    "source_note",
    "illustrative_settings",
)
VALUE_COLUMNS = ("code", "period", "actual", "target", "estimated", "note")
VALUE_OPTIONAL = ("numerator", "denominator")
ISSUE_COLUMNS = ("code", "issue", "kind")
ISSUE_OPTIONAL = ("recommended_decision", "board_decision", "status", "raised_on")

UNIT_WORDS = {
    "count": Unit.COUNT,
    "number": Unit.COUNT,
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "percentage": Unit.PERCENT,
    "rate per 10,000": Unit.RATE_10K,
    "per 10,000": Unit.RATE_10K,
    "rate per 10000": Unit.RATE_10K,
    "rate per 1,000": Unit.RATE_1K,
    "rate per 1000": Unit.RATE_1K,
    "£": Unit.POUNDS,
    "pounds": Unit.POUNDS,
    "gbp": Unit.POUNDS,
    "days": Unit.DAYS,
    "years": Unit.YEARS,
}


@dataclass
class Summary:
    kind: str
    rows: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    created_agencies: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        counts = ", ".join(f"{self.outcomes[o]} {o}" for o in Outcome)
        extra = (
            f"; created lead agencies: {', '.join(self.created_agencies)}"
            if self.created_agencies
            else ""
        )
        return f"{self.kind}: {self.rows} rows ({counts}){extra}"


def _reader_value(reader: RowReader, column: str, parse: Any, *, required: bool = True) -> Any:
    """Parse a cell with a rules parser; a ValueError becomes a row error naming the value."""
    text = reader.row.get(column)
    if not text and required:
        reader.error(column, "enter a value; it is required")
        return None
    try:
        return parse(text)
    except ValueError as error:
        reader.error(column, str(error))
        return None


def _organisations(partnership: Partnership) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(partnership=partnership):
        found[name_key(org.name)] = org
        if org.short_name:
            found.setdefault(name_key(org.short_name), org)
    return found


def _start(
    table: Table, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[RowError]:
    errors = check_headers(table, required, optional)
    if errors:
        raise ImportFailed(errors)
    return errors


# Indicators ---------------------------------------------------------------------------


def import_indicators(table: Table, partnership: Partnership, actor: User | None) -> Summary:
    """Create or update indicators; lead agencies named but absent are created."""
    errors = _start(table, INDICATOR_COLUMNS, INDICATOR_OPTIONAL)
    errors.extend(duplicate_rows(table, ("code",), key=name_key))
    organisations = _organisations(partnership)
    people = {
        name_key(f"{p.given_name} {p.family_name}"): p
        for p in Person.objects.filter(partnership=partnership)
    }
    codes_in_file = {name_key(r.get("code")) for r in table}
    existing_codes = {
        name_key(c): c
        for c in Indicator.objects.filter(partnership=partnership).values_list("code", flat=True)
    }
    planned: list[tuple[int, dict[str, Any], dict[str, Any], str, list[str]]] = []
    for row in table:
        reader = RowReader(row, errors)
        code = " ".join(reader.text("code", required=True, max_length=40).split())
        polarity = _reader_value(reader, "polarity", parsers.parse_polarity)
        frequency = _reader_value(reader, "frequency", parsers.parse_frequency)
        cumulative = _reader_value(
            reader, "cumulative", lambda t: parsers.parse_yes_no(t, default=False), required=False
        )
        tolerance = _reader_value(reader, "tolerance", parsers.parse_tolerance, required=False)
        aggregation = (
            _reader_value(reader, "aggregation", parsers.parse_aggregation, required=False)
            if row.get("aggregation")
            else None
        )
        unit_text = reader.text("unit", required=True)
        unit = UNIT_WORDS.get(" ".join(unit_text.lower().split()))
        if unit_text and unit is None:
            unit = _reader_value(reader, "unit", parsers.parse_unit)
        multiplier = _reader_value(
            reader, "multiplier", partial(parsers.parse_multiplier, unit=unit or ""), required=False
        )
        valid_min = _reader_value(reader, "valid_min", parsers.parse_number, required=False)
        valid_max = _reader_value(reader, "valid_max", parsers.parse_number, required=False)
        try:
            parsers.check_valid_range(parsers.ValidRange(valid_min, valid_max))
        except ValueError as error:
            reader.error("valid_max", str(error))
        decimals = reader.integer("decimals")
        if decimals is not None and not 0 <= decimals <= 6:
            reader.error("decimals", f"'{decimals}' is not between 0 and 6")
        if aggregation is None and polarity is not None:
            # Counts add up; percentages, rates and year-to-date figures take the latest.
            aggregation = (
                rules.Aggregation.LATEST
                if cumulative or unit not in (Unit.COUNT, Unit.POUNDS, None)
                else rules.Aggregation.SUM
            )
        if aggregation is not None and cumulative is not None:
            try:
                rules.check_aggregation(aggregation, cumulative)
            except ValueError as error:
                reader.error("aggregation", str(error))
        replaced_by = [
            " ".join(c.split())
            for c in row.get("replaced_by").replace(",", ";").split(";")
            if c.strip()
        ]
        for other in replaced_by:
            if name_key(other) not in codes_in_file and name_key(other) not in existing_codes:
                reader.error(
                    "replaced_by", f"'{other}' is not an indicator in this file or already imported"
                )
        lead = reader.text("lead_agency", max_length=200)
        highlight = _reader_value(
            reader, "highlight", lambda t: parsers.parse_yes_no(t, default=False), required=False
        )
        public = _reader_value(
            reader, "public", lambda t: parsers.parse_yes_no(t, default=True), required=False
        )
        illustrative = _reader_value(
            reader, "illustrative_settings", rules.parse_illustrative_settings, required=False
        )
        fields = {
            "name": reader.text("name", required=True, max_length=400),
            "theme": reader.text("theme", max_length=100),
            "polarity": polarity.value if polarity else "",
            "frequency": frequency.value if frequency else "",
            "unit": unit or Unit.COUNT,
            "multiplier": multiplier or 1,
            "valid_min": valid_min,
            "valid_max": valid_max,
            "cumulative": bool(cumulative),
            "aggregation": aggregation.value if aggregation else "",
            "decimals": decimals if decimals is not None else _default_decimals(unit),
            "tolerance_kind": tolerance.kind.value if tolerance else "percent",
            "tolerance": tolerance.amount if tolerance else None,
            "definition": reader.text("definition"),
            "data_source": reader.text("data_source", max_length=300),
            "responsible_officer": _officer(reader, partnership, people),
            "highlight": bool(highlight),
            "lifecycle": _lifecycle(reader, replaced_by),
            "is_public": bool(public),
            "source_note": reader.text("source_note"),
            "illustrative_settings": "; ".join(illustrative or ()),
        }
        planned.append(
            (row.number, {"partnership": partnership, "code": code}, fields, lead, replaced_by)
        )
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    summary = Summary(kind="indicators", rows=len(planned))
    with transaction.atomic():
        for _, _, fields, lead, _ in planned:
            if lead and name_key(lead) not in organisations:
                org = Organisation(
                    partnership=partnership,
                    name=lead,
                    slug=unique_organisation_slug(partnership, lead),
                    sector=Sector.PUBLIC,
                    description="Created by an indicator import as a lead agency.",
                )
                org, _ = upsert(
                    Organisation,
                    actor,
                    {"partnership": partnership, "name": lead},
                    {"slug": org.slug, "sector": org.sector, "description": org.description},
                )
                organisations[name_key(lead)] = org
                summary.created_agencies.append(lead)
            fields["lead_agency"] = organisations.get(name_key(lead)) if lead else None
        result = upsert_many(
            Indicator,
            actor,
            [(lookup, fields) for _, lookup, fields, _, _ in planned],
            scope={"partnership": partnership},
        )
        if result.errors:
            raise ImportFailed(
                RowError(planned[i][0], name if name != "__all__" else None, message)
                for i, error in sorted(result.errors.items())
                for name, messages in error.message_dict.items()
                for message in messages
            )
        for outcome in result.outcomes:
            summary.outcomes[outcome] += 1
        by_code = {name_key(i.code): i for i in Indicator.objects.filter(partnership=partnership)}
        for (_, _, _, _, replaced_by), indicator in zip(planned, result.objects, strict=True):
            wanted = {by_code[name_key(c)].pk for c in replaced_by}
            if set(indicator.replaced_by.values_list("pk", flat=True)) != wanted:
                indicator._history_user = actor
                indicator.replaced_by.set(wanted)
    return summary


def _officer(reader: RowReader, partnership: Partnership, people: dict[str, Person]) -> Any:
    """The responsible officer, by first and last name, among the partnership's people."""
    name = reader.text("responsible_officer")
    if not name:
        return None
    person = people.get(name_key(name))
    if person is None:
        reader.error(
            "responsible_officer",
            f"'{name}' is not a person of {partnership.name}; add them to people first",
        )
    return person


def _lifecycle(reader: RowReader, replaced_by: list[str]) -> str:
    """`lifecycle` when given (active or retired); otherwise retired when replaced."""
    if reader.row.get("lifecycle"):
        return reader.choice("lifecycle", Lifecycle.choices)
    return Lifecycle.RETIRED if replaced_by else Lifecycle.ACTIVE


def _default_decimals(unit: str | None) -> int:
    rate = unit is not None and parsers.unit_multiplier(unit) > 1
    return 2 if rate or unit in (Unit.PERCENT, Unit.RATE_10K, Unit.RATE_1K) else 0


# Values -------------------------------------------------------------------------------


REQUIRED = "enter a value; it is required"


class _Parsed(dict):
    """Each distinct cell text of a column read once per import: text → (value, problem).

    A file of figures repeats itself (the same codes, periods and flags on many
    rows), so reading each distinct text once keeps an import's time to what
    differs row by row. `problem` is the message for a bad text, None for a good
    one; the row it is reported against is the caller's.
    """

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> tuple[Any, str | None]:
        try:
            result = (self.parse(text.strip()), None)
        except ValueError as error:
            result = (None, str(error))
        self[text] = result
        return result


class _Keys(dict):
    """`name_key` of each distinct cell text, worked out once."""

    def __missing__(self, text: str) -> str:
        self[text] = key = name_key(text)
        return key


class _PeriodText(NamedTuple):
    period: Period
    text: str  # the canonical form stored on a figure: "2011/12 Q2"
    quarter: str  # the reporting quarter it belongs to (services.reporting_quarter)
    start: datetime.date
    end: datetime.date


@dataclass(slots=True)
class _ValueRow:
    row: int
    indicator: Indicator
    period: _PeriodText
    fields: dict[str, Any]
    target_only: bool


def import_values(
    table: Table,
    partnership: Partnership,
    actor: User | None,
    *,
    unknown_code: str = "import it first",
) -> Summary:
    """Create or update figures; a year row with only a target sets the year-end target.
    `unknown_code` is the fix an unknown code's error suggests, for whoever uploads."""
    errors = _start(table, VALUE_COLUMNS, VALUE_OPTIONAL)
    planned = _read_values(table, partnership, errors, unknown_code)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    compared = (
        "actual",
        "estimated",
        "target",
        "note",
        "numerator",
        "denominator",
        "period_start",
        "period_end",
    )
    indicator_ids = {item.indicator.pk for item in planned}
    existing = {
        (row["indicator_id"], row["period"]): row
        for row in IndicatorValue.objects.filter(indicator__in=indicator_ids).values(
            "id", "indicator_id", "period", *compared
        )
    }
    locked = closed_returns(partnership)
    creates: list[_ValueRow] = []
    changes: list[tuple[int, _ValueRow]] = []
    for item in planned:
        current = existing.get((item.indicator.pk, item.period.text)) if existing else None
        if item.target_only and current is not None:
            # Only a target: keep the year's actual as it is.
            for name in ("actual", "estimated", "note", "numerator", "denominator"):
                item.fields[name] = current[name]
        unchanged = current is not None and all(
            current[name] == item.fields[name] for name in compared
        )
        quarter = item.period.quarter
        state = locked.get((item.indicator.lead_agency_id, quarter)) if locked else None
        if state and not unchanged:
            errors.append(
                RowError(
                    item.row, "period", closed_message(item.indicator.lead_agency, quarter, state)
                )
            )
        if current is None:
            creates.append(item)
        elif not unchanged:
            changes.append((current["id"], item))
    if errors:
        raise ImportFailed(errors)
    summary = Summary(kind="values", rows=len(planned))
    with transaction.atomic():
        # Every value was checked above, so new figures go in by the fast path.
        insert_with_history(IndicatorValue, actor, [item.fields for item in creates])
        objects = IndicatorValue.objects.in_bulk([pk for pk, _ in changes])
        for pk, item in changes:
            assign_changed(objects[pk], item.fields)
            save_with_history(objects[pk], actor)
    summary.outcomes[Outcome.CREATED] = len(creates)
    summary.outcomes[Outcome.CHANGED] = len(changes)
    summary.outcomes[Outcome.UNCHANGED] = len(planned) - len(creates) - len(changes)
    return summary


def _read_values(
    table: Table, partnership: Partnership, errors: list[RowError], unknown_code: str
) -> list[_ValueRow]:
    """Check every row of a figures file, adding each problem to `errors`; the rows
    that can be saved, with their fields."""
    indicators = {
        name_key(i.code): i
        for i in Indicator.objects.filter(partnership=partnership).select_related("lead_agency")
    }

    def indicator_of(code: str) -> Indicator:
        if not code:
            raise ValueError(REQUIRED)
        indicator = indicators.get(name_key(code))
        if indicator is None:
            raise ValueError(f"'{code}' is not an indicator of {partnership.name}; {unknown_code}")
        return indicator

    def period_of(text: str) -> _PeriodText:
        if not text:
            raise ValueError(REQUIRED)
        period = parse_period(text)
        return _PeriodText(
            period, str(period), str(reporting_quarter(period)), period.start, period.end
        )

    codes, periods, keys = _Parsed(indicator_of), _Parsed(period_of), _Keys()
    actuals, numbers = _Parsed(parsers.parse_actual), _Parsed(parsers.parse_number)
    flags = _Parsed(lambda text: parsers.parse_yes_no(text, default=False))
    fits: dict[tuple[str, str], bool] = {}
    tolerances: dict[tuple[int, Decimal], str | None] = {}
    first_rows: dict[tuple[str, str], int] = {}
    planned: list[_ValueRow] = []
    for row in table:
        number, cells = row.number, row.values
        code_text, period_text = cells.get("code", ""), cells.get("period", "")
        key = (keys[code_text], keys[period_text])
        if key[0] and key[1] and (first := first_rows.setdefault(key, number)) != number:
            errors.append(
                RowError(number, "period", f"this is a duplicate of row {first}; keep one")
            )
        indicator, problem = codes[code_text]
        if problem:
            errors.append(RowError(number, "code", problem))
        period, problem = periods[period_text]
        if problem:
            errors.append(RowError(number, "period", problem))
        if indicator is not None and period is not None:
            fit = (indicator.frequency, period.text)
            if fit not in fits:
                fits[fit] = frequency_fits(rules.Frequency(indicator.frequency), period.period)
            if not fits[fit]:
                errors.append(RowError(number, "period", _misfit(indicator, period_text.strip())))
        actual, problem = actuals[cells.get("actual", "")]
        if problem:
            errors.append(RowError(number, "actual", problem))
        target, problem = numbers[cells.get("target", "")]
        if problem:
            errors.append(RowError(number, "target", problem))
        estimated, problem = flags[cells.get("estimated", "")]
        if problem:
            errors.append(RowError(number, "estimated", problem))
        if indicator is not None:
            for column, figure in (("actual", actual and actual.value), ("target", target)):
                try:
                    indicator.check_figure(figure)
                except ValueError as error:
                    errors.append(RowError(number, column, str(error)))
        if indicator is not None and indicator.tolerance is not None and target is not None:
            check = (indicator.pk, target)
            if check not in tolerances:
                tolerances[check] = _tolerance_problem(indicator, target)
            if tolerances[check]:
                errors.append(RowError(number, "target", tolerances[check]))
        numerator, problem = numbers[cells.get("numerator", "")]
        if problem:
            errors.append(RowError(number, "numerator", problem))
        denominator, problem = numbers[cells.get("denominator", "")]
        if problem:
            errors.append(RowError(number, "denominator", problem))
        if (numerator is None) != (denominator is None):
            errors.append(
                RowError(
                    number, "denominator", "give both the numerator and the denominator, or neither"
                )
            )
        elif denominator == 0:
            errors.append(RowError(number, "denominator", "the denominator cannot be 0"))
        if indicator is None or period is None or actual is None:
            continue
        if actual.value is None and numerator is not None and denominator:
            try:
                value = parsers.check_figure(
                    parsers.actual_from_fraction(
                        numerator, denominator, indicator.unit, indicator.multiplier
                    )
                )
                indicator.check_figure(value)
            except ValueError as error:
                errors.append(RowError(number, "denominator", str(error)))
                continue
            actual = parsers.ParsedValue(value, actual.estimated)
        fields = {
            "indicator": indicator,
            "period": period.text,
            "numerator": numerator,
            "denominator": denominator,
            "actual": actual.value,
            "estimated": bool(estimated) or actual.estimated,
            "target": target,
            "note": cells.get("note", "").strip(),
            "period_start": period.start,
            "period_end": period.end,
            "partnership": partnership,
            "organisation": indicator.lead_agency,
        }
        target_only = period.period.kind == "year" and actual.value is None and target is not None
        planned.append(_ValueRow(number, indicator, period, fields, target_only))
    return planned


def _misfit(indicator: Indicator, text: str) -> str:
    """Why the period written `text` is too short for the indicator's frequency."""
    frequency = rules.Frequency(indicator.frequency)
    return (
        f"'{text}' is shorter than {indicator.code}'s frequency "
        f"({frequency.label.lower()}); enter figures for a {frequency.label.lower()} "
        "period or longer"
    )


def _tolerance_problem(indicator: Indicator, target: Decimal) -> str | None:
    """Why the indicator's tolerance cannot apply to `target`; None if it can."""
    try:
        rules.check_tolerance(
            rules.Tolerance(indicator.tolerance, rules.ToleranceKind(indicator.tolerance_kind)),
            target,
        )
    except ValueError as error:
        return str(error)
    return None


# Data issues --------------------------------------------------------------------------


def import_data_issues(table: Table, partnership: Partnership, actor: User | None) -> Summary:
    errors = _start(table, ISSUE_COLUMNS, ISSUE_OPTIONAL)
    errors += duplicate_rows(table, ("code", "issue"))
    indicators = {name_key(i.code): i for i in Indicator.objects.filter(partnership=partnership)}
    planned = []
    for row in table:
        reader = RowReader(row, errors)
        code = reader.text("code")
        indicator = indicators.get(name_key(code)) if code else None
        if code and indicator is None:
            reader.error(
                "code", f"'{code}' is not an indicator of {partnership.name}; import it first"
            )
        issue = reader.text("issue", required=True)
        fields = {
            "kind": reader.choice("kind", IssueKind.choices),
            "recommended_decision": reader.text("recommended_decision"),
            "board_decision": reader.text("board_decision"),
            "status": reader.choice("status", IssueStatus.choices, required=False)
            or IssueStatus.OPEN,
            "raised_on": reader.date("raised_on"),
        }
        planned.append(
            ({"partnership": partnership, "indicator": indicator, "issue": issue}, fields)
        )
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0, e.column or "")))
    summary = Summary(kind="data issues", rows=len(planned))
    with transaction.atomic():
        for lookup, fields in planned:
            _, outcome = upsert(DataIssue, actor, lookup, fields, validate=True)
            summary.outcomes[outcome] += 1
    return summary
