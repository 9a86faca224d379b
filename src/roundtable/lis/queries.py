"""Reads for the LIS: what the public may see, filtered as the API and pages ask.

Everything public starts from `Dataset.objects.visible_to` / `Observation.objects.
visible_to` with an anonymous user: the API and public pages publish open data only,
whoever calls them, and never a suppressed cell's figures (`public_observation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from roundtable.core.dates import example_periods
from roundtable.core.words import listed
from roundtable.geography.choices import area_type_label
from roundtable.geography.models import Area
from roundtable.geography.queries import DEPTH, within
from roundtable.geography.queries import descendants as _descendants
from roundtable.lis import catalogue_facets, rules
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.needs_models import NeedsPage
from roundtable.performance.models import Indicator
from roundtable.performance.rules import in_code_order

# Areas inside an area (one recursive subquery) are geography's, which the place
# page's sections share; `within` stays importable from here for the LIS's modules.

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

FIGURES = (
    "value",
    "count",
    "denominator",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
)


def public_datasets() -> QuerySet[Dataset]:
    return (
        Dataset.objects.visible_to(AnonymousUser())
        .select_related("publisher", "partnership")
        .order_by("title", "slug")
    )


@dataclass(frozen=True)
class DataGlance:
    """What the partnership's front page says of its local data, as `user` sees it."""

    published: int
    held: int
    needs_pages: int


def data_glance(user: User | AnonymousUser, partnership: Partnership) -> DataGlance:
    """Datasets published and held by partners, and needs assessment pages (two queries)."""
    counts = (
        Dataset.objects.visible_to(user)
        .filter(partnership=partnership)
        .aggregate(
            n_published=Count("pk", filter=Q(published=True)),
            n_held=Count("pk", filter=Q(published=False)),
        )
    )
    pages = NeedsPage.objects.visible_to(user).filter(partnership=partnership).count()
    return DataGlance(counts["n_published"], counts["n_held"], pages)


def lis_indicators(partnership_slug: str = "") -> QuerySet[Indicator]:
    """Public indicators published on the LIS."""
    indicators = Indicator.objects.public().filter(on_lis=True)
    if partnership_slug:
        indicators = indicators.filter(partnership__slug=partnership_slug)
    return indicators.select_related("partnership").order_by("code", "partnership__slug")


def _ancestors(base_sql: str, params: list[Any]) -> RawSQL:
    """The ids of the areas `base_sql` selects (one column of area ids) and every
    area above them, as one recursive subquery. UNION, not UNION ALL: each area is
    visited once, however many of the areas below it there are."""
    table = Area._meta.db_table
    sql = (
        f"WITH RECURSIVE covered(id) AS ({base_sql} UNION "  # noqa: S608 - names from models
        f"SELECT a.parent_id FROM {table} a JOIN covered ON a.id = covered.id "
        "WHERE a.parent_id IS NOT NULL) SELECT id FROM covered"
    )
    return RawSQL(sql, params)  # noqa: S611 - fixed SQL; values are parameters


def with_figures(observations: QuerySet[Observation], *, suppressed: bool = False) -> Q:
    """Areas that have a published figure among `observations`, and every area above
    them up to England: the areas a page may offer as choices that lead to figures,
    those of other partnerships' places left out. A suppressed cell is no figure
    here, so an area is never offered for a figure nobody may see (with `suppressed`,
    an area with only a suppressed cell counts: a page that shows it with the cell's
    note); `observations` is already what the viewer may see (held datasets only for
    their partnership's people). One recursive subquery, however many areas there
    are (its time grows with them: about 50 ms for 35,000 LSOAs on SQLite)."""
    if not suppressed:
        observations = observations.filter(suppressed=False, value__isnull=False)
    shown = observations.order_by().values("area_id").distinct()
    try:
        sql, params = shown.query.sql_with_params()
    except EmptyResultSet:  # no indicator to read (`indicator_id__in=[]`): no figures
        return Q(pk__in=[])
    return Q(pk__in=_ancestors(sql, list(params)))


def at_or_below(area: Area, path: str = "") -> Q:
    """Rows whose area (at `path`, e.g. "area__") is `area` or lies below it in the
    official hierarchy (DEPTH levels down), through joins up each row's parents
    rather than a subquery of every area below it: quicker when most rows are
    elsewhere (a borough's figures among England's). Not for a custom area, whose
    areas are its components (`within`)."""
    found = Q(**{f"{path}pk": area.pk})
    link = f"{path}parent"
    for _ in range(DEPTH):
        found |= Q(**{link: area.pk})
        link += "__parent"
    return found


def lis_areas(area_type: str = "", inside: Area | None = None) -> QuerySet[Area]:
    """Official areas (custom ones too), by type and inside an area."""
    areas = Area.objects.select_related("parent").order_by("area_type", "code")
    if area_type:
        areas = areas.filter(area_type=area_type)
    if inside is not None:
        areas = areas.filter(within(inside))
    return areas


@dataclass(frozen=True)
class ObservationFilter:
    indicators: list[int]
    area_type: str = ""
    inside: Area | None = None
    period: str = ""
    sex: str = ""
    age: str = ""
    category: str = ""
    area: Area | None = None


def public_observations(chosen: ObservationFilter) -> QuerySet[Observation]:
    """The public observations `chosen` names, by area code then period; the total
    for everyone (blank sex, age and category) unless a breakdown is named."""
    rows = Observation.objects.visible_to(AnonymousUser()).filter(
        indicator_id__in=chosen.indicators,
        sex=chosen.sex,
        age=chosen.age,
        category=chosen.category,
    )
    if chosen.period:
        rows = rows.filter(period=chosen.period)
    if chosen.area is not None:
        rows = rows.filter(area=chosen.area)
    if chosen.area_type or chosen.inside is not None:
        # One subquery of the areas wanted, so the database reads the observations by
        # their lookup index (indicator, period, area) and checks each area once.
        areas = Area.objects.all()
        if chosen.area_type:
            areas = areas.filter(area_type=chosen.area_type)
        if chosen.inside is not None:
            areas = areas.filter(within(chosen.inside))
        rows = rows.filter(area_id__in=areas.values("pk"))
    return rows.order_by("area__code", "period_start", "period_end", "indicator__code")


OBSERVATION_FIELDS = (
    "indicator__code",
    "area__code",
    "area__name",
    "period",
    *FIGURES,
    "ci_method",
    "note",
    "suppressed",
    "dataset__suppress_below",
)


def suppression_note(threshold: int) -> str:
    """The note a suppressed cell shows instead of its figures. One note for every
    suppressed cell: a cell hidden only so that a small count elsewhere cannot be
    worked out (secondary suppression) has a count above the threshold, and saying
    which cells those are would help work the small counts out again."""
    return (
        f"Suppressed to protect confidentiality: a count of 1 to {threshold - 1} here, "
        "or a figure from which one could be worked out"
    )


def public_observation(row: dict[str, Any]) -> dict[str, Any]:
    """An observation as published: a suppressed cell keeps no figure, only a note."""
    item = {
        "indicator": row["indicator__code"],
        "area_code": row["area__code"],
        "area_name": row["area__name"],
        "period": row["period"],
        **{name: row[name] for name in FIGURES},
        "ci_method": row["ci_method"] or None,
        "note": row["note"] or None,
    }
    if row["suppressed"]:
        item.update(dict.fromkeys(FIGURES))
        item["ci_method"] = None
        item["note"] = suppression_note(row["dataset__suppress_below"])
    return item


# The catalogue ----------------------------------------------------------------------

FACETS = ("theme", "publisher", "area_type", "licence")


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int, bool]]  # value, label, datasets, chosen


@dataclass(frozen=True)
class Card:
    """A dataset as the catalogue lists it, with its themes as links: each the
    catalogue with that theme added to the chosen ones and the reader's other
    choices kept."""

    dataset: Dataset
    themes: list[tuple[str, str]]  # theme, query string


@dataclass(frozen=True)
class Selected:
    """A chosen facet value as "Selected filters" lists it, with the query string of
    the catalogue without it."""

    facet: str  # the facet's label ("Theme")
    label: str  # the value's ("Local authority")
    remove: str


@dataclass(frozen=True)
class Catalogue:
    datasets: list[Dataset]
    facets: list[Facet]
    q: str
    #: The facets with choices, each with its chosen values, in the form's order.
    chosen: dict[str, list[str]]

    @property
    def cards(self) -> list[Card]:
        chosen = {name: self.chosen.get(name, []) for name in FACETS}  # in the form's order
        return [
            Card(
                d,
                [
                    (theme, catalogue_facets.adding(self.q, chosen, "theme", theme))
                    for theme in dict.fromkeys(d.themes)
                ],
            )
            for d in self.datasets
        ]

    @property
    def selected(self) -> list[Selected]:
        """The chosen values, facet by facet, each with the address that removes it."""
        return [
            Selected(
                FACET_LABELS[name],
                _facet_label(name, value),
                catalogue_facets.removing(self.q, self.chosen, name, value),
            )
            for name, values in self.chosen.items()
            for value in values
        ]

    @property
    def facet_words(self) -> str:
        """The facets the form offers values of, in words, for the summary the
        filters fold under on a phone: "theme, publisher, area type or licence"."""
        return listed((f.label.lower() for f in self.facets if f.options), "or")

    @property
    def cleared(self) -> str:
        """The query string with every choice removed and the search words kept."""
        return catalogue_facets.query_string(self.q, {})


FACET_LABELS = {
    "theme": "Theme",
    "publisher": "Publisher",
    "area_type": "Area type",
    "licence": "Licence",
}


def _facet_values(dataset: Dataset) -> dict[str, list[str]]:
    """A dataset's facet values. A held entry has no licence: what it is shared under
    is agreed on request (its card shows no licence either), so it is not counted
    under the default licence it keeps for the day it is published."""
    return {
        "theme": list(dataset.themes),
        "publisher": [dataset.publisher.name] if dataset.publisher else [],
        "area_type": list(dataset.area_types),
        "licence": [dataset.licence] if dataset.published else [],
    }


def catalogue(visible: QuerySet[Dataset], q: str, chosen: dict[str, list[str]]) -> Catalogue:
    """The datasets of `visible` matching the search `q` (title, description, source,
    themes) and the chosen facet values (any of a facet's, every facet with
    choices), with each facet value's count (`catalogue_facets.facet_counts`):
    counted over `visible` too, so a dataset the reader may not see is never counted.
    One query: catalogues hold hundreds of datasets, not millions."""
    found = list(visible.select_related("publisher").order_by("title", "slug"))
    words = q.lower().split()
    if words:
        found = [
            d
            for d in found
            if all(
                w in " ".join([d.title, d.description, d.source, *d.themes]).lower() for w in words
            )
        ]
    chosen = {name: chosen[name] for name in FACETS if chosen.get(name)}
    values = {d.pk: _facet_values(d) for d in found}
    matching = [d for d in found if catalogue_facets.matches(values[d.pk], chosen)]
    counts = catalogue_facets.facet_counts(list(values.values()), FACETS, chosen)
    facets = [
        Facet(
            name,
            FACET_LABELS[name],
            [
                (v, _facet_label(name, v), n, v in chosen.get(name, ()))
                for v, n in counts[name].items()
            ],
        )
        for name in FACETS
    ]
    return Catalogue(matching, facets, q, chosen)


def _facet_label(facet: str, value: str) -> str:
    """How a facet's value reads: an area type by its name ("Local authority")."""
    if facet == "area_type":
        return area_type_label(value)
    return value


DOWNLOAD_HEADER = [
    "indicator",
    "area_code",
    "area_name",
    "period",
    "sex",
    "age",
    "category",
    *FIGURES,
    "ci_method",
    "note",
]


# Custom areas -------------------------------------------------------------------------

ADDABLE_TYPES = ("count", "proportion", "rate")


def withheld_note(reason: str) -> str:
    return f"Not shown for this custom area: {reason}"


def custom_area_observations(area: Area, chosen: ObservationFilter) -> list[dict[str, Any]]:
    """A custom area's figures, worked out from its component areas' public
    observations: counts and denominators added up and the value recomputed
    (`rules.aggregate`), never an average of the components' values.

    One row per dataset, indicator, period and breakdown, in the published shape of
    `public_observation`. A row is withheld, with a note saying why, when a component
    has no figure for it (a partial sum would be wrong), when a component's cell is
    suppressed (the total minus the other components would give it away), or when the
    indicator's values cannot be added up (a mean, a ratio).
    """
    components = list(Area.objects.filter(custom_areas=area).values_list("pk", flat=True))
    if not components:
        return []
    rows = public_observations(
        ObservationFilter(
            indicators=chosen.indicators,
            period=chosen.period,
            sex=chosen.sex,
            age=chosen.age,
            category=chosen.category,
        )
    ).filter(area_id__in=components)
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows.values(
        "dataset_id",
        "indicator__code",
        "indicator__value_type",
        "indicator__multiplier",
        "indicator__ci_method",
        "period",
        "period_start",
        "area_id",
        "count",
        "denominator",
        "suppressed",
    ):
        key = (row["indicator__code"], row["period_start"], row["period"], row["dataset_id"])
        groups.setdefault(key, []).append(row)
    out = []
    for (code, _start, period, _dataset), members in sorted(groups.items()):
        first = members[0]
        item: dict[str, Any] = {
            "indicator": code,
            "area_code": area.code,
            "area_name": area.name,
            "period": period,
            **dict.fromkeys(FIGURES),
            "ci_method": None,
            "note": None,
        }
        value_type = first["indicator__value_type"]
        if value_type not in ADDABLE_TYPES:
            item["note"] = withheld_note("these values cannot be added up across areas")
        elif any(m["suppressed"] for m in members):
            item["note"] = withheld_note("a component area's figure is suppressed")
        elif len({m["area_id"] for m in members}) < len(components):
            missing = len(components) - len({m["area_id"] for m in members})
            areas = "area has" if missing == 1 else "areas have"
            item["note"] = withheld_note(f"{missing} component {areas} no figure")
        else:
            scale = 100 if value_type == "proportion" else first["indicator__multiplier"]
            total = rules.aggregate(
                [(m["count"], m["denominator"]) for m in members],
                scale,
                value_type,
                first["indicator__ci_method"],
            )
            if total.value is None:
                item["note"] = withheld_note(total.limits.reason or "no count or denominator")
            else:
                limits = total.limits
                item.update(
                    value=total.value,
                    count=total.count,
                    denominator=total.denominator,
                    lower_ci_95=limits.lower_95,
                    upper_ci_95=limits.upper_95,
                    lower_ci_99_8=limits.lower_99_8,
                    upper_ci_99_8=limits.upper_99_8,
                    ci_method=limits.method or None,
                    note=f"Added up from {len(components)} component areas",
                )
        out.append(item)
    return out


# Exports of a dataset or a filtered selection (`exports.py`) ------------------------


@dataclass(frozen=True)
class ExportSelection:
    """Which of a dataset's observations an export holds: indicator codes (none:
    all), an area type, a parent area's code (areas inside it at any depth) and a
    period (its canonical label). Empty means no filter."""

    indicators: tuple[str, ...] = ()
    area_type: str = ""
    within: str = ""
    period: str = ""

    def query(self) -> dict[str, str | list[str]]:
        """The selection as a page's GET parameters."""
        chosen: dict[str, str | list[str]] = {}
        if self.indicators:
            chosen["indicator"] = list(self.indicators)
        for name in ("area_type", "within", "period"):
            if value := getattr(self, name):
                chosen[name] = value
        return chosen


@dataclass(frozen=True)
class ExportChoices:
    """What a dataset's filters may choose from: its indicators (code, name), the
    area types and the periods its observations cover."""

    indicators: list[tuple[str, str]]
    area_types: list[str]
    periods: list[str]


def _dataset_indicators(
    dataset: Dataset, viewer: User | AnonymousUser | None
) -> QuerySet[Indicator]:
    """The indicators `dataset` has figures for that `viewer` may see (all for None)."""
    found = Indicator.objects.filter(
        pk__in=Observation.objects.filter(dataset=dataset).values("indicator_id")
    )
    return found if viewer is None else found.filter(pk__in=Indicator.objects.visible_to(viewer))


def export_choices(dataset: Dataset, viewer: User | AnonymousUser | None) -> ExportChoices:
    """Three queries: the dataset's indicators (those `viewer` may see), area types
    and periods."""
    observations = Observation.objects.filter(dataset=dataset)
    indicators = _dataset_indicators(dataset, viewer).order_by("code").values_list("code", "name")
    area_types = (
        Area.objects.filter(pk__in=observations.values("area_id"))
        .order_by("area_type")
        .values_list("area_type", flat=True)
        .distinct()
    )
    periods = (
        observations.order_by("period_start", "period_end", "period")
        .values_list("period", "period_start", "period_end")
        .distinct()
    )
    return ExportChoices(
        indicators=in_code_order(indicators, code=itemgetter(0)),
        area_types=list(area_types),
        periods=list(dict.fromkeys(label for label, _, _ in periods)),
    )


class SelectionInvalid(ValueError):
    """Filters that name nothing in the dataset; `problems` are (option, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{option}: {message}" for option, message in problems))
        self.problems = problems


def check_selection(
    dataset: Dataset,
    viewer: User | AnonymousUser | None,
    indicators: list[str],
    area_type: str = "",
    inside: str = "",
    period: str = "",
) -> ExportSelection:
    """The selection the filters name, or SelectionInvalid listing every filter
    that names nothing: an indicator the dataset has no figures for (or `viewer`
    may not see; None sees all), an area type
    that is not one, an area code that is not loaded, a period that does not parse.
    Indicator codes are matched without regard to case."""
    from roundtable.geography.choices import AreaType
    from roundtable.lis.periods import PeriodError, parse_period

    problems: list[tuple[str, str]] = []
    wanted = [code.strip() for code in indicators if code.strip()]
    codes = {}
    if wanted:
        codes = {
            code.lower(): code
            for code in _dataset_indicators(dataset, viewer).values_list("code", flat=True)
        }
    chosen: list[str] = []
    for text in wanted:
        if text.lower() not in codes:
            known = ", ".join(sorted(codes.values())) or "none"
            problems.append(
                ("indicator", f"the dataset has no indicator {text}; its indicators are {known}")
            )
        elif codes[text.lower()] not in chosen:
            chosen.append(codes[text.lower()])
    area_type = area_type.strip()
    if area_type and area_type not in AreaType.values:
        problems.append(
            (
                "area_type",
                f"{area_type} is not an area type; use one of {', '.join(AreaType.values)}",
            )
        )
    inside = inside.strip().upper()
    if inside and not Area.objects.filter(code=inside).exists():
        problems.append(("within", f"no area has the code {inside}; enter a code like E09000009"))
    label = ""
    if period.strip():
        try:
            label = parse_period(period).label
        except PeriodError:
            problems.append(
                ("period", f"{period.strip()} is not a period; enter one like {_periods_like()}")
            )
    if problems:
        raise SelectionInvalid(problems)
    return ExportSelection(tuple(chosen), area_type, inside, label)


def _periods_like() -> str:
    """Two periods an export may be narrowed to, from today: "2026 or 2026/27"."""
    examples = example_periods(timezone.localdate())
    return f"{examples.calendar_year} or {examples.financial_year}"


def selected_observations(
    dataset: Dataset, selection: ExportSelection, viewer: User | AnonymousUser | None
) -> QuerySet[Observation]:
    """The observations of `dataset` that `selection` chooses, of the indicators
    `viewer` may see (every indicator for None): what an export holds, and what the
    dataset page counts."""
    rows = Observation.objects.filter(dataset=dataset)
    if viewer is not None:
        rows = rows.filter(indicator__in=Indicator.objects.visible_to(viewer).values("pk"))
    if selection.indicators:
        rows = rows.filter(indicator__code__in=selection.indicators)
    if selection.period:
        rows = rows.filter(period=selection.period)
    if selection.area_type or selection.within:
        areas = Area.objects.all()
        if selection.area_type:
            areas = areas.filter(area_type=selection.area_type)
        if selection.within:
            parent = Area.objects.filter(code=selection.within)
            areas = areas.filter(within_code(parent))
        rows = rows.filter(area_id__in=areas.values("pk"))
    return rows


def export_observations(
    dataset: Dataset, selection: ExportSelection, viewer: User | AnonymousUser | None
) -> list[dict[str, Any]]:
    """The selected observations of `dataset` as published (`public_observation`:
    a suppressed cell keeps no figure, only a note), with their breakdown, ordered
    by indicator code as people read it ("Local 3" before "Local 25",
    `in_code_order`, as the export's Indicators sheet lists them), then area,
    period and breakdown; one query. The database orders by code as text; the rows,
    read whole anyway, are then sorted in place by their code's rank (stable, so
    each code's rows keep the database's order; one rank per code, no copy of the
    rows). The figures of indicators `viewer` may see (`Indicator.objects.visible_to`);
    of every indicator when `viewer` is None (the command line's `--include-held`).
    The caller has checked that `viewer` may see the dataset."""
    rows = (
        selected_observations(dataset, selection, viewer)
        .order_by(
            "indicator__code", "area__code", "period_start", "period_end", "sex", "age", "category"
        )
        .values(*OBSERVATION_FIELDS, "sex", "age", "category")
    )
    out = []
    for row in rows:
        item = public_observation(row)
        out.append(
            {
                **item,
                "sex": row["sex"],
                "age": row["age"],
                "category": row["category"],
                "suppressed": row["suppressed"],
            }
        )
    codes = {row["indicator"] for row in out}
    rank = {code: n for n, code in enumerate(in_code_order(codes, code=str))}
    out.sort(key=lambda row: rank[row["indicator"]])
    return out


def within_code(parent: QuerySet[Area]) -> Q:
    """Areas inside the area(s) of `parent` at any depth, as `within` without
    fetching the parent first."""
    sql, params = parent.values("pk").query.sql_with_params()
    base = f"SELECT id, 1 FROM {Area._meta.db_table} WHERE parent_id IN ({sql})"  # noqa: S608
    return Q(pk__in=_descendants(base, list(params)))


def export_indicators(dataset: Dataset, codes: list[str]) -> list[Indicator]:
    """The indicators named by `codes` (of the dataset's partnership), by code as
    people read it (`in_code_order`)."""
    return in_code_order(
        Indicator.objects.filter(partnership_id=dataset.partnership_id, code__in=codes).order_by(
            "code"
        )
    )
