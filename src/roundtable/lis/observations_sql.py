"""The observations API's answer made lean: SQL built once, values bound, JSON from tuples.

`GET /api/v1/lis/observations` is the LIS's busiest open-data read. Made through the
ORM and ninja's response validation, most of a fresh answer's time went on building
the same three queries again (the indicator, the area, the page) and on turning 1,000
rows into dicts, models and back (benchmarks/RESULTS.md, "lis_observations.py").

Here each statement is still made by the ORM from the querysets in `queries` (so who
may see what stays declared in one place: `Observation.objects.visible_to`,
`Indicator.objects.public`), but once per shape of question: compiled with stand-in
values, whose places in the parameters are remembered, and run afterwards with the
caller's values bound in their place. The rows come back as tuples and are published
by `queries.public_observation`'s rule (a suppressed cell keeps no figure, only a
note) straight into JSON, in the same fields, order and values as the response schema
`schemas.ObservationPage` documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis import queries

if TYPE_CHECKING:
    from collections.abc import Sequence

CONTENT_TYPE = "application/json; charset=utf-8"  # ninja's JSONRenderer's
# The published fields, in the response schema's order (`schemas.ObservationOut`).
ITEM_FIELDS = (
    "indicator",
    "area_code",
    "area_name",
    "period",
    *queries.FIGURES,
    "ci_method",
    "note",
)
# The columns read for them: `queries.OBSERVATION_FIELDS`, as tuples.
COLUMNS = queries.OBSERVATION_FIELDS
SUPPRESSED = len(ITEM_FIELDS)  # the `suppressed` column, then `suppress_below`


class StatementError(RuntimeError):
    """The ORM's SQL did not carry a stand-in value as a plain parameter."""


@dataclass(frozen=True)
class Statement:
    """SQL with its parameters: constants, or the names of values bound per call."""

    sql: str
    slots: tuple[tuple[str | None, Any], ...]  # (name, None) or (None, constant)

    def params(self, values: dict[str, Any]) -> list[Any]:
        return [values[name] if name else constant for name, constant in self.slots]

    def run(self, values: dict[str, Any]) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params(values))
            return cursor.fetchall()


class StandIns:
    """Stand-in values for a statement's variable parts, each unlike any real one."""

    def __init__(self) -> None:
        self.names: dict[Any, str] = {}

    def text(self, name: str) -> str:
        # A `%` so that a lookup which escapes its value (iexact on SQLite) shows it.
        value = f"~rt-stand-in:{name}%~"
        self.names[value] = name
        return value

    def number(self, name: str) -> int:
        value = -7_770_000_000 - len(self.names)
        self.names[value] = name
        return value


def compile_statement(
    stand_ins: StandIns, queryset: QuerySet, escaped: Sequence[str] = ()
) -> Statement:
    """`queryset`'s SQL, its stand-in values replaced by named slots. A value in
    `escaped` is matched the way the database's `iexact` lookup escapes it."""
    sql, params = queryset.query.sql_with_params()
    ops = connection.ops
    known = dict(stand_ins.names)
    for name in escaped:
        value = next(v for v, n in stand_ins.names.items() if n == name)
        known[ops.prep_for_iexact_query(value)] = f"{name}:escaped"
    slots: list[tuple[str | None, Any]] = []
    for param in params:
        name = known.get(param) if isinstance(param, (str, int)) else None
        slots.append((name, None) if name else (None, param))
    found = {name.removesuffix(":escaped") for name, _ in slots if name}
    if found != set(stand_ins.names.values()):
        missing = sorted(set(stand_ins.names.values()) - found)
        raise StatementError(f"The SQL of {queryset.model.__name__} has no parameter {missing}")
    return Statement(sql, tuple(slots))


def bind(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with an escaped copy of each, for slots matched by `iexact`."""
    prep = connection.ops.prep_for_iexact_query
    return {**values, **{f"{k}:escaped": prep(v) for k, v in values.items() if isinstance(v, str)}}


# Each statement, by database and the shape of the question -------------------------

_statements: dict[tuple, Statement] = {}


def _statement(key: tuple, build: Callable[[], Statement]) -> Statement:
    key = (connection.vendor, *key)
    found = _statements.get(key)
    if found is None:
        found = _statements[key] = build()
    return found


def indicator_ids(code: str, partnership: str) -> list[int]:
    """The ids of the LIS's public indicators with `code` (any case), of the
    partnership whose slug is `partnership` when one is named."""

    def build() -> Statement:
        stand_ins = StandIns()
        chosen = queries.lis_indicators(stand_ins.text("partnership") if partnership else "")
        found = chosen.filter(code__iexact=stand_ins.text("code")).values_list("pk")
        return compile_statement(stand_ins, found, escaped=("code",))

    statement = _statement(("indicators", bool(partnership)), build)
    return [pk for (pk,) in statement.run(bind({"code": code, "partnership": partnership}))]


def area_by_code(code: str) -> Area | None:
    """The area with `code` (its id, code, name and type), or None."""

    def build() -> Statement:
        stand_ins = StandIns()
        found = (
            Area.objects.filter(code=stand_ins.text("code"))
            .order_by("pk")
            .values_list("pk", "code", "name", "area_type")
        )
        statement = compile_statement(stand_ins, found)
        return Statement(f"{statement.sql} LIMIT 1", statement.slots)

    rows = _statement(("area",), build).run({"code": code})
    if not rows:
        return None
    pk, code, name, area_type = rows[0]
    return Area(pk=pk, code=code, name=name, area_type=area_type)


def _page_statements(chosen: queries.ObservationFilter) -> tuple[Statement, Statement]:
    """The statements of a page of `chosen`'s observations and of their count."""
    custom_inside = chosen.inside is not None and chosen.inside.area_type == AreaType.CUSTOM
    key = (
        "page",
        len(chosen.indicators),
        bool(chosen.area_type),
        None if chosen.inside is None else custom_inside,
        bool(chosen.period),
        chosen.area is not None,
    )

    def build() -> tuple[Statement, Statement]:
        stand_ins = StandIns()
        ids = [stand_ins.number(f"indicator{n}") for n in range(len(chosen.indicators))]
        inside = None
        if chosen.inside is not None:
            inside = Area(pk=stand_ins.number("inside"), area_type=chosen.inside.area_type)
        shape = queries.ObservationFilter(
            indicators=ids,
            area_type=stand_ins.text("area_type") if chosen.area_type else "",
            inside=inside,
            period=stand_ins.text("period") if chosen.period else "",
            sex=stand_ins.text("sex"),
            age=stand_ins.text("age"),
            category=stand_ins.text("category"),
            area=Area(pk=stand_ins.number("area")) if chosen.area is not None else None,
        )
        rows = queries.public_observations(shape)
        page = compile_statement(stand_ins, rows.values_list(*COLUMNS))
        count = compile_statement(stand_ins, rows.order_by().values_list("pk"))
        return (
            Statement(
                f"{page.sql} LIMIT %s OFFSET %s", (*page.slots, ("limit", None), ("offset", None))
            ),
            Statement(f"SELECT COUNT(*) FROM ({count.sql}) counted", count.slots),  # noqa: S608
        )

    return _statement(key, build)  # type: ignore[return-value]


def _values(chosen: queries.ObservationFilter, limit: int, offset: int) -> dict[str, Any]:
    values: dict[str, Any] = {f"indicator{n}": pk for n, pk in enumerate(chosen.indicators)}
    values.update(
        area_type=chosen.area_type,
        period=chosen.period,
        sex=chosen.sex,
        age=chosen.age,
        category=chosen.category,
        inside=chosen.inside.pk if chosen.inside is not None else None,
        area=chosen.area.pk if chosen.area is not None else None,
        limit=limit,
        offset=offset,
    )
    return values


def _published(row: tuple) -> dict[str, Any]:
    """One row as published: `queries.public_observation`'s rule, on a tuple."""
    if row[SUPPRESSED]:
        return {
            "indicator": row[0],
            "area_code": row[1],
            "area_name": row[2],
            "period": row[3],
            **dict.fromkeys(queries.FIGURES),
            "ci_method": None,
            "note": queries.suppression_note(row[SUPPRESSED + 1]),
        }
    item = dict(zip(ITEM_FIELDS, row, strict=False))
    for name in queries.FIGURES:  # as the schema's `float | None` gives them
        figure = item[name]
        if figure is not None and type(figure) is not float:
            item[name] = float(figure)
    item["ci_method"] = item["ci_method"] or None
    item["note"] = item["note"] or None
    return item


def observation_page(
    chosen: queries.ObservationFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The count of `chosen`'s public observations and the page of them from
    `offset`: one statement, two when the page is full or not the first."""
    page, count = _page_statements(chosen)
    values = _values(chosen, limit, offset)
    items = [_published(row) for row in page.run(values)]
    if offset == 0 and len(items) < limit:
        return len(items), items
    return count.run(values)[0][0], items


def observations_response(
    chosen: queries.ObservationFilter, limit: int, offset: int
) -> HttpResponse:
    """The API's answer, `{"count": N, "items": [...]}`, as ninja would render it."""
    total, items = observation_page(chosen, limit, offset)
    return HttpResponse(json.dumps({"count": total, "items": items}), content_type=CONTENT_TYPE)
