"""LIS pages about areas: the area chooser, an area's profile, areas compared,
the tartan rug of a parent area and an area's statistical neighbours.

Each reads through its family's module, `profiles`, `comparisons` or `neighbours`
(which start from what the user may see, `profile_figures`), and is downloadable as
CSV or XLSX (`profile_tables`) with `?download=csv` or `?download=xlsx`, keeping the
page's other choices. A choice in the address that cannot be used is the page itself
(400), shown with the default choice (or without the area or indicator left out)
and the bad one named in its error summary, linked to where it is put right; asked
for as a download, it is that page too, never a file of a different choice. Only the
profile's trend charts (a partial the profile asks for) are a plain 400 naming it. A
download in no format is the page itself (400), its error beside its download links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from roundtable.core.exports import download_here, download_problem, table_download
from roundtable.geography.models import Area
from roundtable.lis import (
    comparison_choices,
    comparisons,
    maps,
    neighbours,
    profile_tables,
    profiles,
    rules,
)
from roundtable.lis import notes as value_notes
from roundtable.lis import profile_charts as charts
from roundtable.lis.comparison_choices import NOTHING_TO_DOWNLOAD, CompareChoices, OverviewChoices
from roundtable.lis.periods import period_name
from roundtable.lis.profile_figures import BadParameter, Figure, get_area, number, offered_areas
from roundtable.partnership.middleware import current_partnership


@dataclass(frozen=True)
class ChartedRow:
    row: profiles.ProfileRow
    spine: SafeString
    swatch: SafeString
    figures: SafeString  # the series as table rows: the trend chart's data
    trend_note: str = ""  # what the trend chart joins and draws, in words
    spine_note: str = ""  # why there is no spine chart, when it is not the usual
    limits: bool = True  # whether any figure of the series has confidence limits


def _bad(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return render(request, "lis/profile_error.html", {"error": str(error)}, status=400)


def _download_format(request: HttpRequest) -> tuple[str, str]:
    """The format `download=` asks for, and what is wrong with it: ("", the problem)
    when it is no format there is, and the page is shown with the problem (400)."""
    fmt = request.GET.get("download", "")
    problem = download_problem(fmt)
    return ("", problem) if problem else (fmt, "")


def _download_errors(problem: str, *, linked: bool = True) -> list[tuple[str, str]]:
    """The error summary of a page whose download asked for no format: linked to its
    download links (`id="downloads"`) when they are on the page."""
    return [("#downloads" if linked else "", problem)] if problem else []


def _download(
    table: tuple[list[str], list[list[Any]]], fmt: str, name: str, title: str
) -> HttpResponse:
    header, rows = table
    return table_download(header, rows, fmt, name, title)


def _columns(profile: profiles.AreaProfile, r: profiles.ProfileRow) -> dict[str, Figure]:
    """The figures of the row the page's table shows, by column."""
    shown = {"area": r.area}
    if profile.own_parent:
        shown["parent"] = r.parent
    if not profile.is_england:
        shown["england"] = r.england
    if profile.group and profile.group.neighbours and r.neighbours is not None:
        shown["neighbours"] = r.neighbours
    return shown


def page_notes(profile: profiles.AreaProfile) -> value_notes.Notes:
    """The value notes of the figures the page shows, numbered in the page's order:
    the table's, then the trends'."""
    shown = [f for r in profile.rows for f in _columns(profile, r).values()]
    return value_notes.numbered([*shown, *(f for r in profile.rows for f in r.series)])


def _charted(profile: profiles.AreaProfile, notes: value_notes.Notes) -> list[ChartedRow]:
    """The page's rows with their spine charts and figures; the trend charts come
    after first paint from `area_trends` (100 of them were most of the page's time).
    A profile that compares nothing has no spine chart or swatch: no chart claims a
    comparison. `notes` numbers the value notes the rows point to."""
    out = []
    for r in profile.rows:
        limits = any(f.ci_text for f in r.series)
        spine = swatch = SafeString("")
        if profile.compared:
            # The SVG builders escape every text they are given.
            spine = mark_safe(_spine(profile, r))  # noqa: S308
            swatch = mark_safe(charts.swatch(r.comparison_95))  # noqa: S308
        out.append(
            ChartedRow(
                r,
                spine,
                swatch,
                _series_rows(r.series, limits, notes),
                _trend_note(profile, r),
                "" if _draws_benchmark(r) else "a count depends on an area's size",
                limits,
            )
        )
    return out


def spine_key(rows: list[ChartedRow]) -> list[tuple[SafeString, str]]:
    """The key to the spine charts drawn among `rows` (none when none is): the
    benchmark's line, the range's bar when one is drawn, and the area's circle of
    each comparison shown, "Not compared" hatched as on the map's key."""
    drawn = [c.row for c in rows if c.spine]
    if not drawn:
        return []
    key = charts.spine_key([str(r.comparison_95) for r in drawn], any(r.spread for r in drawn))
    return [(mark_safe(svg), words) for svg, words in key]  # noqa: S308 (no text in the SVG)


def _spine(profile: profiles.AreaProfile, r: profiles.ProfileRow) -> str:
    """The row's spine chart: its value against the benchmark's and the spread."""
    name = r.indicator.name
    percent, places = r.area.percent, r.indicator.decimals
    spread = (
        f"; {r.spread.text} range from {number(r.spread.lowest, places, percent)}"
        f" to {number(r.spread.highest, places, percent)}"
        if r.spread
        else ""
    )
    return charts.spine(
        charts.SpineInput(
            value=r.area.value,
            # A count is not set against a larger area's count (nor is a trend's).
            benchmark=r.benchmark.value if _draws_benchmark(r) else None,
            lowest=r.spread.lowest if r.spread else None,
            highest=r.spread.highest if r.spread else None,
            comparison=str(r.comparison_95),
            higher_is_better=r.indicator.polarity != "lower",
            title=f"Spine chart: {name}, {period_name(r.period)}",
            desc=(
                f"{profile.area.name}: {r.area.value_text}; {profile.benchmark_label}: "
                f"{r.benchmark.value_text}; {r.comparison_95}{spread}."
            ),
        )
    )


def _draws_benchmark(r: profiles.ProfileRow) -> bool:
    """A count is never drawn beside a benchmark's: a larger area's count says only
    that it is larger (the table does not compare them either)."""
    return r.indicator.value_type != "count"


def _trend_note(profile: profiles.AreaProfile, r: profiles.ProfileRow) -> str:
    """What the trend chart joins ("the 12 monthly figures, July 2011 to June 2012"),
    which figures it leaves to the table, and what the dashed line is."""
    line = r.line
    if not line.figures:
        return ""
    first, last = period_name(line.figures[0].period), period_name(line.figures[-1].period)
    kind = f"{line.kind.adjective} " if line.kind else ""
    n = len(line.figures)
    words = [
        f"The chart joins the {n} {kind}figures, {first} to {last}"
        if n > 1
        else f"The chart shows the one {kind}figure, {first}"
    ]
    if line.left_out == 1:
        words.append("; the figure for another kind of period is in the table below")
    elif line.left_out:
        words.append(
            f"; the {line.left_out} figures for other kinds of period are in the table below"
        )
    words.append(".")
    if line.restarts:
        words.append(f" They are year to date: the line starts again each {line.restarts}.")
    if not _draws_benchmark(r):
        if r.benchmark_series:
            words.append(
                f" {capfirst(profile.benchmarks_figure)} count is not drawn: a count depends on an "
                "area's size."
            )
    elif any(v is not None for v in _aligned(line.figures, r.benchmark_series)):
        words.append(f" The dashed line is {profile.benchmarks_figure} figure.")
    return "".join(words)


def _trend_chart(profile: profiles.AreaProfile, r: profiles.ProfileRow) -> SafeString:
    figures = r.line.figures
    svg = charts.trend(
        charts.TrendInput(
            labels=[period_name(f.period, short=True) for f in figures],
            values=[f.value for f in figures],
            lower=[f.lower_95 for f in figures],
            upper=[f.upper_95 for f in figures],
            benchmark=_aligned(figures, r.benchmark_series) if _draws_benchmark(r) else (),
            title=f"Trend: {r.indicator.name}",
            desc=(
                f"{profile.area.name}, {r.line.periods} from {period_name(figures[0].period)} "
                f"to {period_name(figures[-1].period)}; recent trend: {r.trend}."
                if figures
                else "No values"
            ),
            breaks=r.line.breaks,
            suffix="%" if r.area.percent else "",
        )
    )
    return mark_safe(svg)  # noqa: S308 (the SVG builder escapes every text)


SERIES_ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell">{}</td></tr>'
)
# A series without confidence limits has no column for them (it would be empty).
SERIES_ROW_NO_LIMITS = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>'
)


def _series_rows(
    series: list[Figure], limits: bool = True, notes: value_notes.Notes | None = None
) -> SafeString:
    """Table rows of a series, built here rather than in the template: a profile of
    100 indicators has 1,000 of them. Each text is escaped with the standard
    library's `html.escape`, as Django's `escape` does, without its lazy-string
    wrapper, which made up most of the time (6.5 ms a profile, now 2.5). Without
    `limits` the rows have no confidence-interval cell; a value with a note points
    to it (`notes`, the page's numbering)."""
    row = SERIES_ROW if limits else SERIES_ROW_NO_LIMITS
    notes = notes or value_notes.Notes()
    return mark_safe(  # noqa: S308 - every text put in is escaped here
        "".join(
            row.format(
                escape(period_name(f.period)),
                escape(f.value_text) + notes.ref(f),
                escape(f.ci_text),
            )
            for f in series
        )
    )


def _aligned(series: list[Figure], other: list[Figure]) -> list[float | None]:
    by_period = {f.period: f.value for f in other}
    return [by_period.get(f.period) for f in series]


def area_index(request: HttpRequest) -> HttpResponse:
    """The area chooser: the partnership's areas, or those a search names, and the
    wards it names with the areas with figures their postcodes are in; a postcode
    gives the areas it is in."""
    partnership = current_partnership(request)
    q = request.GET.get("q", "").strip()
    postcode = profiles.postcode_areas(request.user, partnership, q) if q else None
    groups = [] if postcode else profiles.area_choices(request.user, partnership, q)
    wards = profiles.ward_choices(request.user, partnership, "" if postcode else q)
    context = {"groups": groups, "q": q, "postcode": postcode, "wards": wards}
    return render(request, "lis/profile_areas.html", context)


def _profile_errors(
    choices: profiles.ProfileChoices, profile: profiles.AreaProfile
) -> list[tuple[str, str]]:
    """The error summary of a profile whose address asks for choices it cannot use,
    each linked to where it is put right: the benchmark to "Compare with" (when the
    page offers a choice), the neighbours' indicators and their number to the link to
    the neighbours page, where they are chosen (the profile has no field for them)."""
    links = {
        "benchmark": "#benchmark" if len(profile.choices) > 1 else "",
        "by": "#neighbours-link",
        "n": "#neighbours-link",
    }
    return [(links[name], said) for name, said in choices.errors.items()]


def _by_error(
    request: HttpRequest, choices: profiles.ProfileChoices, area: Area, error: BadParameter
) -> str:
    """The error naming `by` when the neighbours cannot be found by its indicators:
    the first code with no published figure for `area` the reader may see, as the
    neighbours page names it."""
    partnership = current_partnership(request)
    offered = [c for c, _ in profiles.indicators_with_data(request.user, partnership, area)]
    query = QueryDict(mutable=True)
    query.setlist("by", list(choices.by))
    _, said = neighbours.offered_codes(query, choices.by, offered, area)
    return said or f"by: {str(error).partition(': ')[2]}"


def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    """An area's profile. A choice in its address it cannot use (`benchmark`, `by`,
    `n`) is named in the error summary and the profile shown with the default (400);
    asked for as a download, it is that page too, not a file compared with something
    else."""
    partnership = current_partnership(request)
    area = get_area(code)
    fmt, download_error = _download_format(request)
    choices = profiles.asked_choices(request.GET)
    try:
        profile = profiles.area_profile(
            request.user, partnership, area, choices.benchmark, choices.by, choices.n
        )
    except BadParameter as error:  # the neighbours' indicators (`by`)
        choices = choices.without_neighbours(_by_error(request, choices, area, error))
        profile = profiles.area_profile(request.user, partnership, area, n=choices.n)
    if fmt and not choices.errors:
        table = profile_tables.profile_table(profile)
        return _download(table, fmt, f"profile-{area.code}", area.name)
    # The page's own links ask for the profile it shows.
    trends = request.GET.copy()
    for name in ("download", *choices.left_out):
        trends.pop(name, None)
    notes = page_notes(profile)
    errors = [*_profile_errors(choices, profile), *_download_errors(download_error)]
    rows = _charted(profile, notes)
    context = {
        "profile": profile,
        "rows": rows,
        "spine_key": spine_key(rows),
        "notes": notes,
        "links": download_here(request, leave_out=choices.left_out),
        "trends_query": trends.urlencode(),
        "by": choices.by,
        "n": choices.n,
        "download_error": download_error,
        "error_list": errors,
    }
    return render(request, "lis/profile.html", context, status=400 if errors else 200)


def area_trends(request: HttpRequest, code: str) -> HttpResponse:
    """The profile's trend charts, one SVG per indicator keyed by its code, which
    `lis/profile.js` puts in place once the page is shown; the same choices as the
    profile, read the same way (what the user may see). The figures are on the
    profile page itself, in a table under each chart. The page asks for them with its
    choices put right; a choice they cannot use is a plain 400 naming it."""
    partnership = current_partnership(request)
    area = get_area(code)
    choices = profiles.asked_choices(request.GET)
    if choices.errors:
        return _bad(request, BadParameter("; ".join(choices.errors.values())))
    try:
        profile = profiles.area_profile(
            request.user, partnership, area, choices.benchmark, choices.by, choices.n
        )
    except BadParameter as error:
        return _bad(request, error)
    charted = [(r.indicator.code, _trend_chart(profile, r)) for r in profile.rows]
    return render(request, "lis/partials/profile_trends.html", {"charts": charted})


def _swatches() -> dict[str, str]:
    """The key's colour swatch of each comparison word."""
    return {
        str(c): mark_safe(charts.swatch(c))  # noqa: S308 (no text in it)
        for c in ("Better", "Similar", "Worse", "Higher", "Lower", "Not compared")
    }


def _compare_query(request: HttpRequest, choices: CompareChoices) -> QueryDict:
    """The comparison's address's query asking for what `choices` compare: the areas
    and indicators left out of it are left out, and so is `add` (done)."""
    query = request.GET.copy()
    query.pop("add", None)
    query.setlist("area", list(choices.codes))
    query.setlist("indicator", list(choices.indicator_codes))
    return query


def _compare_address(request: HttpRequest, choices: CompareChoices, codes: list[str]) -> str:
    """The comparison's address with `codes` as its areas, its other choices kept."""
    query = _compare_query(request, choices)
    for name in ("area", "download"):
        query.pop(name, None)
    query.setlist("area", codes)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _compare_errors(
    choices: CompareChoices, add_error: str, download_error: str, compared: bool
) -> list[tuple[str, str]]:
    """The comparison's error summary, each linked to where it is put right: an area
    left out, or the one to add, to "Add an area"; an indicator left out to nothing
    (the page has no field for them); the download to its links when they are on
    the page (they are when there is a comparison)."""
    links = {"area": "#compare-add", "indicator": ""}
    return [
        *([("#compare-add", add_error)] if add_error else []),
        *((links[name], said) for name, said in choices.errors),
        *_download_errors(download_error, linked=compared),
    ]


def area_compare(request: HttpRequest) -> HttpResponse:
    """Areas side by side. `add` (a name, code or postcode, from the page's form)
    adds an area and moves to the comparison's own address; with no area yet the
    page is the form alone. An area or indicator in the address that cannot be used
    is left out and named in the error summary, the others compared (400); asked for
    as a download, that is the page too, not a file of a different comparison."""
    partnership = current_partnership(request)
    choices = comparison_choices.asked_comparison(request.GET)
    add_error = ""
    # Only areas with figures here are added (not other partnerships' places), and
    # the hint's example is one of them.
    offered = offered_areas(request.user, partnership)
    if "add" in request.GET:
        try:
            added = comparisons.add_area(choices.codes, request.GET["add"], offered)
            return redirect(_compare_address(request, choices, added))
        except BadParameter as error:
            said = str(error).removeprefix("add: ")
            add_error = said[:1].upper() + said[1:]
    comparison = None
    if choices.codes:
        comparison = comparisons.compare_areas(request.user, partnership, choices)
        choices = comparison.choices
        comparison = comparison if comparison.areas else None
    fmt, download_error = _download_format(request)
    if fmt and comparison is None:
        choices = replace(choices, errors=(*choices.errors, ("area", NOTHING_TO_DOWNLOAD)))
    if fmt and comparison is not None and not choices.errors:
        return _download(profile_tables.compare_table(comparison), fmt, "compare-areas", "Areas")
    codes = list(choices.codes)
    shown = _compare_query(request, choices)
    errors = _compare_errors(choices, add_error, download_error, comparison is not None)
    context = {
        "comparison": comparison,
        "notes": comparison.notes if comparison else None,
        "links": download_here(request, asked=shown),
        "swatches": _swatches(),
        "codes": codes,
        "indicator_codes": choices.indicator_codes,
        "add": request.GET.get("add", ""),
        "add_error": add_error,
        "download_error": download_error,
        "error_list": errors,
        "removals": [
            (area, _compare_address(request, choices, [c for c in codes if c != area.code]))
            for area in (comparison.areas if comparison else [])
        ],
        "most": comparisons.MAX_COMPARED,
        "example": comparisons.example_area(
            offered,
            like=comparison.areas[0] if comparison else None,
            chosen=codes,
            place_id=partnership.area_id,
        ),
    }
    return render(request, "lis/profile_compare.html", context, status=400 if errors else 200)


def _overview_errors(choices: OverviewChoices, rug: comparisons.Rug) -> list[tuple[str, str]]:
    """The overview's error summary, each linked to where it is put right: the type
    of area to "Areas", the benchmark to "Compare with", the page to the pages' links
    when the page has them."""
    paged = bool(rug.rows and rug.columns and rug.page.has_other_pages())
    links = {
        "area_type": "#area_type",
        "benchmark": "#benchmark",
        "page": "#pages" if paged else "",
    }
    return [(links[name], said) for name, said in choices.errors.items()]


def area_overview(request: HttpRequest, code: str) -> HttpResponse:
    """Every area of a type inside the area × every indicator. A choice in its
    address it cannot use (`area_type`, `benchmark`, `page`) is named in the error
    summary and the overview shown with the default (400); asked for as a download,
    that is the page too, not a file of other areas or another benchmark."""
    partnership = current_partnership(request)
    parent = get_area(code)
    fmt, download_error = _download_format(request)
    choices = comparison_choices.asked_overview(request.GET)
    download = bool(fmt) and not choices.errors
    rug = comparisons.tartan_rug(
        request.user,
        partnership,
        parent,
        choices.area_type,
        choices.benchmark,
        # The downloads hold every area; the page shows them RUG_PAGE at a time.
        page=None if download else choices.page,
    )
    if download:
        return _download(profile_tables.rug_table(rug), fmt, f"overview-{parent.code}", parent.name)
    # The pages' links keep the choices shown.
    kept = [(name, getattr(choices, name)) for name in ("area_type", "benchmark")]
    errors = [*_overview_errors(choices, rug), *_download_errors(download_error)]
    context = {
        "rug": rug,
        "notes": rug.notes,
        "links": download_here(request, leave_out=choices.left_out),
        "swatches": _swatches(),
        "query": urlencode([(name, value) for name, value in kept if value]),
        "download_error": download_error,
        "error_list": errors,
    }
    return render(request, "lis/rug.html", context, status=400 if errors else 200)


def area_neighbours(request: HttpRequest, code: str) -> HttpResponse:
    """The neighbours form and, once it asks for them, the neighbours. A form it
    cannot use (no indicator ticked, one the area has no figure for, "How many
    neighbours" not a whole number in range) or a download in no format is shown
    again with its errors beside the fields (400)."""
    partnership = current_partnership(request)
    area = get_area(code)
    available = profiles.indicators_with_data(request.user, partnership, area)
    codes, error = neighbours.asked_codes(request.GET)
    if codes:
        codes, error = neighbours.offered_codes(request.GET, codes, [c for c, _ in available], area)
    n, n_error = neighbours.asked_n(request.GET)
    errors = {name: words for name, words in (("indicator", error), ("n", n_error)) if words}
    group = None
    if codes and not errors:
        try:
            group = neighbours.statistical_neighbours(request.user, partnership, area, codes, n)
        except BadParameter as bad:  # the indicators, which the form offers
            errors["indicator"] = str(bad)
    fmt, download_error = _download_format(request)
    if download_error:
        errors["download"] = download_error
    elif fmt and group is not None and not errors:
        table = profile_tables.neighbours_table(group)
        return _download(table, fmt, f"neighbours-{area.code}", "Neighbours")
    profile_query = urlencode([("benchmark", "neighbours"), *(("by", c) for c in codes), ("n", n)])
    # The area and its neighbours on the map, coloured by the first indicator chosen.
    map_query = ""
    if codes and area.area_type in maps.MAP_AREA_TYPES:
        map_query = urlencode(
            [
                ("indicator", codes[0]),
                ("area_type", area.area_type),
                ("compare", "neighbours"),
                ("area", area.code),
                *(("by", c) for c in codes),
                ("n", n),
            ]
        )
    shared = {c for c, _ in available}
    if area.is_official:  # a custom area's neighbours are none, and the page says why
        shared = neighbours.shared_codes(request.user, partnership, area, list(shared))
    to_try = []
    if group is not None and not group.neighbours and area.is_official:
        to_try = rules.neighbours_to_try([c for c, _ in available], shared, codes)
    names = dict(available)
    # The form's indicators: those other areas of the type have too, then the rest.
    together = [(c, name) for c, name in available if c in shared]
    context = {
        "area": area,
        "group": group,
        "shared": shared,
        "together": together,
        "alone": [(c, name) for c, name in available if c not in shared],
        "together_count": len(together),
        # Where to go instead when the indicators chosen find no neighbours.
        "to_try": [(c, names[c]) for c in to_try],
        "to_try_query": urlencode([*(("indicator", c) for c in to_try), ("n", n)]),
        "codes": codes,
        # What was typed, when it cannot be used, so it can be put right.
        "n": request.GET.get("n", "") if n_error else n,
        "available": available,
        "links": download_here(request),
        "profile_query": profile_query,
        "map_query": map_query,
        "errors": errors,
        # The summary links each error to its field; the download's only when the
        # links are on the page (they are when there are neighbours).
        "error_list": [
            (href, errors[name])
            for name, href in (
                ("indicator", "#indicator-1" if available else "#indicators"),
                ("n", "#n"),
                ("download", "#downloads" if group is not None and group.neighbours else ""),
            )
            if errors.get(name)
        ],
    }
    return render(request, "lis/neighbours.html", context, status=400 if errors else 200)
