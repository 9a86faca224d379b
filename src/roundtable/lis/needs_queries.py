"""Reads for needs assessment pages: the pages a user may see, and the live figures
their embeds show.

An embed reads public observations only (`queries.public_observations` and
`queries.public_observation`), whoever is looking: an editor previewing a draft
sees what the public will see, and a suppressed cell shows its note, never a
figure. `check_embeds` names every embed that cannot be shown, by line.

A map embed is the LIS map's choropleth (`maps.kept_map_data`: the same classes,
benchmark and legend as `/lis/map/`), drawn as SVG on the server from the map's
boundaries (`choropleth`), so it reads and prints without JavaScript; its figures
follow as a table. When the boundaries are not there yet (a real wheel's layer
still to build), or the map would have too many areas to draw in a page, it is the
table and a link to the map.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from roundtable.geography.choices import AreaType, area_type_label
from roundtable.geography.models import Area
from roundtable.lis import charts, choropleth, maps, needs, queries, rules
from roundtable.lis.boundary_store import MINI_WHEELS, BoundaryStore, default_store
from roundtable.lis.needs_models import NeedsPage, NeedsStatus
from roundtable.lis.notes import Notes, numbered
from roundtable.lis.periods import period_name
from roundtable.partnership.addresses import partnership_reverse
from roundtable.performance.choices import ValueType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership
    from roundtable.performance.models import Indicator

logger = logging.getLogger(__name__)

MOST_ROWS = 500
MAP_NOTE = "This map's figures, as a table: open the map to see them drawn."
#: The most areas a map embed draws (a borough's LSOAs are some 200; the LIS map
#: page embeds up to 1,500 in its page).
MAP_AREAS = 1500
#: The boundaries' zoom for a map inside an area of this type (else all England's).
MAP_ZOOMS = {AreaType.LOCAL_AUTHORITY: 12, AreaType.REGION: 10}
ENGLAND_ZOOM = 6
UNAVAILABLE = "These figures cannot be shown at the moment."


def pages_for(user: User | AnonymousUser, partnership: Partnership) -> QuerySet[NeedsPage]:
    """The partnership's pages `user` may see, by theme then title."""
    return (
        NeedsPage.objects.visible_to(user)
        .filter(partnership=partnership)
        .only("slug", "title", "theme", "summary", "status", "partnership_id", "published_at")
        .order_by("theme", "title")
    )


def by_theme(pages: QuerySet[NeedsPage]) -> list[tuple[str, list[NeedsPage]]]:
    grouped: dict[str, list[NeedsPage]] = defaultdict(list)
    for page in pages:
        grouped[page.theme].append(page)
    return list(grouped.items())


# Embeds -------------------------------------------------------------------------------


@dataclass
class Row:
    area_code: str
    area_name: str
    period: str
    value: str
    lower: str
    upper: str
    note: str
    compared: str = ""

    @property
    def available(self) -> bool:
        """A row's note never stands in for its figure (the table shows "–" for a
        suppressed one), so every note is pointed to (`lis.notes`)."""
        return True


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    areas: int
    colour: str

    @property
    def swatch(self) -> SafeString:
        """Its square in the key, as the map draws it (hatched for "not compared")."""
        return mark_safe(choropleth.swatch_svg(self.key))  # noqa: S308 - no text in it


@dataclass
class EmbedView:
    """What one embed shows: its figures, or (`error`) why it cannot."""

    kind: str
    line: int
    source: str
    title: str = ""
    rows: list[Row] = field(default_factory=list)
    more: int = 0
    svg: SafeString | None = None
    figure: Row | None = None
    unit: str = ""
    note: str = ""
    data_url: str = ""
    map_url: str = ""
    error: str = ""
    #: A map embed's legend and what its colours say ("Areas are compared with ...").
    legend: list[LegendItem] = field(default_factory=list)
    summary: str = ""
    #: The heading of a map's "compared" column ("Compared with Ealing").
    compared_heading: str = ""

    @property
    def headline(self) -> str:
        """A figure embed's figure as its panel shows it: in money with its symbol,
        "£12.5 million" (`rules.with_unit`), which the words under it then leave out;
        any other unit is named in the words ("Usual residents (people)")."""
        value = self.figure.value if self.figure else ""
        return rules.with_unit(value, self.unit) if self.money else value

    @property
    def money(self) -> bool:
        """Whether the unit is money's, written with the figure ("£12.5")."""
        return bool(rules.unit_affixes(self.unit)[0])

    @property
    def unit_words(self) -> str:
        """The unit as the words under a figure embed's panel name it: none when the
        panel's figure carries it ("£12.5")."""
        shown = self.money and self.figure is not None and bool(self.figure.value)
        return "" if shown else self.unit

    @property
    def has_limits(self) -> bool:
        """Whether any row has confidence limits: a table without has no column for them."""
        return any(row.lower and row.upper for row in self.rows)

    @cached_property
    def notes(self) -> Notes:
        """The rows' notes, numbered, each written once under the table and pointed
        to from its rows ("[note 1]"), with ids of this embed's own."""
        return numbered(self.rows, prefix=f"embed-{self.line}-note")


@dataclass
class BodyPart:
    html: SafeString | None = None
    embed: EmbedView | None = None


class EmbedProblem(Exception):
    """An embed names something that is not there: the message says what, by line."""


def _indicator(partnership: Partnership, code: str, line: int) -> Indicator:
    indicator = queries.lis_indicators(partnership.slug).filter(code__iexact=code).first()
    if indicator is None:
        raise EmbedProblem(
            f"Line {line}: there is no indicator “{code}” published on this partnership's "
            "Local Information System. Use the code of an indicator in the data catalogue."
        )
    return indicator


def _area(code: str, line: int, option: str) -> Area:
    area = Area.objects.filter(code__iexact=code).first()
    if area is None:
        raise EmbedProblem(
            f"Line {line}, {option}: there is no area with the code “{code}”. Use an "
            "ONS code, like E09000009 for Ealing."
        )
    return area


def _area_type(value: str, line: int) -> str:
    if value not in AreaType.values:
        allowed = ", ".join(AreaType.values)
        raise EmbedProblem(f"Line {line}, area_type: “{value}” is not an area type. Use {allowed}.")
    return value


def show_value(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.{indicator.decimals}f}"
    return text + "%" if indicator.value_type == ValueType.PROPORTION else text


def _row(indicator: Indicator, item: dict[str, Any]) -> Row:
    return Row(
        area_code=item["area_code"],
        area_name=item["area_name"],
        period=item["period"],
        value=show_value(indicator, item["value"]),
        lower=show_value(indicator, item["lower_ci_95"]),
        upper=show_value(indicator, item["upper_ci_95"]),
        note=item["note"] or "",
    )


def _latest_period(chosen: queries.ObservationFilter) -> str:
    latest = (
        queries.public_observations(chosen)
        .order_by("-period_end", "-period_start")
        .values_list("period", flat=True)
        .first()
    )
    return latest or ""


def _data_url(options: dict[str, str], indicator: Indicator) -> str:
    query = {"indicator": indicator.code, "partnership": indicator.partnership.slug}
    wanted = {"area_type", "within", "period", "area"}
    query.update({k: v for k, v in options.items() if k in wanted})
    return f"/api/v1/lis/observations?{urlencode(query)}"


def resolve_embed(embed: needs.Embed, partnership: Partnership) -> EmbedView:
    """The figures `embed` shows, read now; EmbedProblem when it names something
    that is not there."""
    options, line = embed.options, embed.line
    indicator = _indicator(partnership, options["indicator"], line)
    view = EmbedView(
        embed.kind,
        line,
        embed.source,
        unit=indicator.unit_label,
        data_url=_data_url(options, indicator),
    )
    if embed.kind == "figure":
        area = _area(options["area"], line, "area")
        rows = queries.public_observations(
            queries.ObservationFilter(indicators=[indicator.pk])
        ).filter(area=area)
        period = options.get("period") or (
            rows.order_by("-period_end").values_list("period", flat=True).first() or ""
        )
        item = rows.filter(period=period).values(*queries.OBSERVATION_FIELDS).first()
        view.title = f"{indicator.name}, {area.name}, {period_name(period)}".rstrip(", ")
        if item is None:
            view.note = (
                f"No published figure for {area.name} in {period_name(period) or 'any period'}."
            )
        else:
            view.figure = _row(indicator, queries.public_observation(item))
        # The one area's figures, as the embed shows them: without `area` the link
        # gave every area's figures for the period, the embed's among hundreds.
        chosen = {"area": area.code, **({"period": period} if period else {})}
        view.data_url = _data_url(chosen, indicator)
        return view
    area_type = _area_type(options["area_type"], line)
    inside = _area(options["within"], line, "within") if "within" in options else None
    chosen = queries.ObservationFilter(
        indicators=[indicator.pk], area_type=area_type, inside=inside
    )
    period = options.get("period") or _latest_period(chosen)
    where = f" in {inside.name}" if inside is not None else ""
    view.title = f"{indicator.name}: {plural(area_type)}{where}, {period_name(period)}".rstrip(", ")
    if embed.kind == "map":
        chosen_map = {"indicator": indicator.code, "area_type": area_type, "period": period}
        if inside is not None:
            chosen_map["within"] = inside.code
        address = partnership_reverse(partnership.pk, "lis:map")
        view.map_url = f"{address}?{urlencode(chosen_map)}"
        if area_type in maps.MAP_AREA_TYPES:
            # The map's figures are its table's too: read once, by the map.
            _draw_map(view, indicator, area_type, inside, period)
            return view
    chosen = queries.ObservationFilter(
        indicators=[indicator.pk], area_type=area_type, inside=inside, period=period
    )
    found = queries.public_observations(chosen)
    items = [
        queries.public_observation(row)
        for row in found.values(*queries.OBSERVATION_FIELDS)[: MOST_ROWS + 1]
    ]
    view.more = max(len(items) - MOST_ROWS, 0)
    items = items[:MOST_ROWS]
    view.rows = [_row(indicator, item) for item in items]
    if not items:
        view.note = _no_figures(period)
    elif embed.kind == "map":  # areas the map cannot draw: their table stands for it
        view.note = MAP_NOTE
    if embed.kind == "chart" and items:
        benchmark = None
        if inside is not None and indicator.value_type not in {"", ValueType.COUNT}:
            parent = (
                queries.public_observations(
                    queries.ObservationFilter(indicators=[indicator.pk], period=period)
                )
                .filter(area=inside, suppressed=False)
                .values_list("value", flat=True)
                .first()
            )
            benchmark = parent
        bars = [
            charts.Bar(
                label=item["area_name"] or item["area_code"],
                value=item["value"],
                lower=item["lower_ci_95"],
                upper=item["upper_ci_95"],
                note="Suppressed" if item["value"] is None and item["note"] else "",
            )
            for item in items
        ]
        view.svg = mark_safe(  # noqa: S308 (charts.bar_chart escapes every label)
            charts.bar_chart(
                bars,
                title=view.title,
                benchmark=benchmark,
                benchmark_label=inside.name if inside is not None else "",
                show=lambda value: show_value(indicator, value),
                ident=f"chart-line-{line}",
            )
        )
    return view


def plural(area_type: str) -> str:
    """Areas of a type, in a heading: "Lower layer super output areas (LSOAs)"."""
    words = maps.PLURALS.get(area_type) or {
        AreaType.COUNTRY: "countries",
        AreaType.REGION: "regions",
        AreaType.WARD: "wards",
        AreaType.CUSTOM: "custom areas",
    }.get(area_type, f"{area_type_label(area_type)} areas")
    return words[:1].upper() + words[1:]


def _no_figures(period: str) -> str:
    return f"No published figures for these areas in {period_name(period) or 'any period'}."


def _draw_map(
    view: EmbedView, indicator: Indicator, area_type: str, inside: Area | None, period: str
) -> None:
    """Fill `view` with the map's choropleth, legend and classed table, from one read
    of the figures (`maps.kept_map_data`, which the LIS map keeps too); without
    drawable boundaries, with the note that the table stands for the map; with no
    figures, with a note saying so."""
    data = maps.kept_map_data(indicator, area_type, inside, period)
    areas = data.classes.areas
    if not areas:
        view.note = _no_figures(period)
        return
    view.note = MAP_NOTE
    view.summary = data.summary
    view.legend = [
        LegendItem(e.key, e.label, e.areas, choropleth.COLOURS.get(e.key, "#f3f2f1"))
        for e in data.classes.legend
    ]
    if data.classes.method == "quintiles":
        view.compared_heading = "Quintile"
    elif data.benchmark is not None:
        view.compared_heading = f"Compared with {data.benchmark.area_name}"
    else:
        view.compared_heading = "Compared"
    view.rows = [
        Row(
            area_code=a.code,
            area_name=a.name,
            period=period,
            value=show_value(indicator, a.value),
            lower=show_value(indicator, a.lower_95),
            upper=show_value(indicator, a.upper_95),
            note=a.note,
            compared=a.label,
        )
        for a in areas[:MOST_ROWS]
    ]
    view.more = max(len(areas) - MOST_ROWS, 0)
    zoom = MAP_ZOOMS.get(inside.area_type if inside is not None else "", ENGLAND_ZOOM)
    store = default_store()
    if len(areas) > MAP_AREAS or not _boundaries_ready(store, area_type, zoom):
        return
    served = store.serve(area_type, zoom, [a.code for a in areas])
    features = json.loads(served.body)["features"]
    shades = {
        a.code: choropleth.Shaded(
            a.key, f"{a.name}: {a.text}" + (f" ({a.label})" if a.text != a.label else "")
        )
        for a in areas
    }
    svg = choropleth.choropleth_svg(
        features,
        shades,
        title=f"Map: {view.title}",
        description=data.summary,
        ident=f"map-line-{view.line}",
    )
    if svg:
        view.svg = mark_safe(svg)  # noqa: S308 (choropleth_svg escapes every text)
        view.note = ""


def _boundaries_ready(store: BoundaryStore, area_type: str, zoom: int) -> bool:
    """Whether the layer is built, or quick to build now: the mini wheel's (the demo's
    three boroughs) builds in well under a second. A real wheel's layers are built
    ahead by `roundtable lis boundaries`; a page never waits on one."""
    return store.is_built(area_type, zoom) or store.wheel.resolve().parent == MINI_WHEELS


def render_body(body: str, partnership: Partnership) -> list[BodyPart]:
    """The body as HTML runs and resolved embeds. An embed that cannot be shown
    carries its error (the page shows it to editors, a plain note to others); the
    page is shown whatever an embed does."""
    out = []
    for part in needs.parse_body(body):
        if isinstance(part, needs.Text):
            html = needs.render_markdown(part.markdown)
            out.append(BodyPart(html=mark_safe(html)))  # noqa: S308 (raw HTML is escaped)
        elif isinstance(part, needs.EmbedError):
            out.append(BodyPart(embed=EmbedView("", part.line, part.source, error=part.message)))
        else:
            out.append(BodyPart(embed=_resolve_safely(part, partnership)))
    return out


def _resolve_safely(embed: needs.Embed, partnership: Partnership) -> EmbedView:
    try:
        return resolve_embed(embed, partnership)
    except EmbedProblem as problem:
        return EmbedView(embed.kind, embed.line, embed.source, error=str(problem))
    except Exception:  # noqa: BLE001 (one embed's failure must not take the page down)
        logger.exception("Needs page embed on line %s failed", embed.line)
        return EmbedView(embed.kind, embed.line, embed.source, error=UNAVAILABLE)


def check_embeds(body: str, partnership: Partnership) -> list[str]:
    """Every embed in `body` that cannot be shown, as messages naming its line."""
    errors = []
    for part in needs.parse_body(body):
        if isinstance(part, needs.EmbedError):
            errors.append(part.message)
        elif isinstance(part, needs.Embed):
            try:
                _check(part, partnership)
            except EmbedProblem as problem:
                errors.append(str(problem))
    return errors


def _check(embed: needs.Embed, partnership: Partnership) -> None:
    _indicator(partnership, embed.options["indicator"], embed.line)
    if "area_type" in embed.options:
        _area_type(embed.options["area_type"], embed.line)
    for option in ("area", "within"):
        if option in embed.options:
            _area(embed.options[option], embed.line, option)


def versions(page: NeedsPage) -> QuerySet[Any]:
    """Every version of the page, newest first, with who saved it."""
    return page.history.select_related("history_user__person").order_by(
        "-history_date", "-history_id"
    )


def published_editions(page: NeedsPage) -> list[Any]:
    """The editions the public has seen, newest first: for each time the page was
    published (its `published_at`), the last version saved while it was. Drafts
    between editions are never among them."""
    rows = (
        page.history.filter(status=NeedsStatus.PUBLISHED, published_at__isnull=False)
        .only("history_id", "history_date", "published_at", "title", "summary", "theme")
        .order_by("-history_date", "-history_id")
    )
    editions, seen = [], set()
    for row in rows:
        if row.published_at not in seen:
            seen.add(row.published_at)
            editions.append(row)
    return editions


def is_published(page: NeedsPage) -> bool:
    return page.status == NeedsStatus.PUBLISHED
