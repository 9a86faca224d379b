"""SVG charts for area profiles: pure functions from figures to SVG text.

- `spine`: Fingertips' spine chart for one indicator. The benchmark is the line
  in the middle; the grey bar spans the lowest to the highest value among the
  comparator areas; the circle is the area's value, coloured by how it compares
  (better green, similar yellow, worse red; higher and lower in two blues for
  indicators with no judgement), hatched when it is not compared, as the map and
  the swatches draw "Not compared" (a white circle read as missing). Better is
  always to the right: for an indicator where lower is better the axis is turned
  round. `spine_key` is the key the page gives beside the charts.
- `trend`: the area's values over time with their 95% confidence limits, and the
  benchmark's values as a dashed line (the caller gives the periods of one kind,
  and no benchmark for a count). The value axis runs between round numbers
  covering what is drawn, never below zero when nothing drawn is, labelled as
  plain numbers with thousands separators.
- `swatch`: a small square of a comparison's colour, set beside its word (a
  page never tells a comparison by colour alone).

Every chart has a `<title>` and a `<desc>` that say what it shows in words, and the
page's table beside it carries the same figures. Colours are SVG attributes, not
styles, so the Content-Security-Policy (no inline styles) allows them. Nothing
here reads the database; text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from roundtable.lis.choropleth import COLOURS as MAP_COLOURS
from roundtable.lis.choropleth import HATCH_INK, HATCH_PAPER, hatch_path

#: Better, Similar and Worse are the map's colours (`choropleth.COLOURS`, the
#: public-health profiles' green, amber and red), so a comparison looks the same on
#: the map, the profile, compare areas and the overview.
COLOURS = {
    "Better": MAP_COLOURS["better"],
    "Similar": MAP_COLOURS["similar"],
    "Worse": MAP_COLOURS["worse"],
    "Higher": "#003078",
    "Lower": "#5694ca",
    "Not compared": "#ffffff",
}
GREY = "#b1b4b6"
INK = "#0b0c0c"

SPINE_WIDTH = 200
SPINE_HEIGHT = 24
SPINE_REACH = 92  # from the centre to the end of the widest bar


def colour(comparison: str) -> str:
    return COLOURS.get(str(comparison), COLOURS["Not compared"])


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rt-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'focusable="false"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


@dataclass(frozen=True)
class SpineInput:
    value: float | None
    benchmark: float | None
    lowest: float | None
    highest: float | None
    comparison: str
    higher_is_better: bool = True
    title: str = ""
    desc: str = ""


def spine_position(inp: SpineInput, value: float) -> float:
    """Where `value` falls across the chart: the benchmark in the middle, the
    farthest of lowest, highest and the area's value at the reach, better to the
    right."""
    assert inp.benchmark is not None  # noqa: S101 (the caller checks it)
    centre = SPINE_WIDTH / 2
    ends = [v for v in (inp.lowest, inp.highest, inp.value) if v is not None]
    reach = max((abs(v - inp.benchmark) for v in ends), default=0.0) or 1.0
    offset = (value - inp.benchmark) / reach * SPINE_REACH
    return round(centre + (offset if inp.higher_is_better else -offset), 2)


def spine(inp: SpineInput) -> str:
    """One indicator's spine chart; empty text when there is no benchmark or value
    to draw (the table says why)."""
    if inp.benchmark is None or inp.value is None:
        return ""
    body = []
    if inp.lowest is not None and inp.highest is not None:
        left, right = sorted((spine_position(inp, inp.lowest), spine_position(inp, inp.highest)))
        body.append(
            f'<rect x="{left}" y="6" width="{max(right - left, 1):.2f}" height="12" fill="{GREY}"/>'
        )
    centre = SPINE_WIDTH / 2
    body.append(
        f'<line x1="{centre}" y1="2" x2="{centre}" y2="22" stroke="{INK}" stroke-width="2"/>'
    )
    body.append(_marker(spine_position(inp, inp.value), 12, inp.comparison))
    return _svg(SPINE_WIDTH, SPINE_HEIGHT, inp.title, inp.desc, body)


MARKER_RADIUS = 6


def hatch_circle(cx: float, cy: float, r: float, step: float = 3) -> str:
    """Diagonal lines rising to the right across the circle at (cx, cy) of radius
    `r`, as a path's `d`: `choropleth.hatch_path`'s hatch, cut to a circle (each
    line a chord, so it needs no `<clipPath>` and no id)."""
    parts = []
    reach = r * math.sqrt(2)  # the lines are x + y = cx + cy + d, for |d| < reach
    d = -math.floor(reach / step) * step
    while d < reach:
        half = math.sqrt(max(r * r - d * d / 2, 0.0)) / math.sqrt(2)
        mx, my = cx + d / 2, cy + d / 2
        if half > 0.5:
            parts.append(
                f"M{round(mx - half, 2):g},{round(my + half, 2):g}"
                f"L{round(mx + half, 2):g},{round(my - half, 2):g}"
            )
        d += step
    return "".join(parts)


def _marker(x: float, y: float, comparison: str) -> str:
    """The area's circle: its comparison's colour, or hatched for "Not compared"
    (and anything else without a colour of its own)."""
    r = MARKER_RADIUS
    if str(comparison) in COLOURS and str(comparison) != "Not compared":
        return (
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour(comparison)}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
    return (
        f'<circle class="rt-spine-not-compared" cx="{x}" cy="{y}" r="{r}" '
        f'fill="{HATCH_PAPER}"/>'
        f'<path d="{hatch_circle(x, y, r)}" stroke="{HATCH_INK}" stroke-width="1"/>'
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="none" stroke="{INK}" stroke-width="1"/>'
    )


#: The key's words for the area's circle, by comparison, in the key's order.
KEY_WORDS = {
    "Better": "This area: better than the benchmark",
    "Similar": "This area: similar to the benchmark",
    "Worse": "This area: worse than the benchmark",
    "Higher": "This area: higher than the benchmark (no judgement of better or worse)",
    "Lower": "This area: lower than the benchmark (no judgement of better or worse)",
    "Not compared": "This area: not compared (hatched; the table says why)",
}


def spine_key(comparisons: Sequence[str], ranged: bool = True) -> list[tuple[str, str]]:
    """The spine charts' key, as (SVG, words) pairs: the benchmark's line, the grey
    bar of the range when a chart draws one (`ranged`), and the area's circle for
    each comparison among `comparisons` (the charts drawn), in `KEY_WORDS`' order.
    Each SVG is hidden from screen readers: the words say it all."""

    def icon(body: str) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" class="rt-chart" width="20" height="16" '
            'viewBox="0 0 20 16" aria-hidden="true" focusable="false">' + body + "</svg>"
        )

    key = [
        (
            icon(f'<line x1="10" y1="1" x2="10" y2="15" stroke="{INK}" stroke-width="2"/>'),
            "The benchmark (the line in the middle)",
        )
    ]
    if ranged:
        key.append(
            (
                icon(f'<rect x="1" y="3" width="18" height="10" fill="{GREY}"/>'),
                "The range of the areas of this type with a figure",
            )
        )
    shown = {str(c) if str(c) in KEY_WORDS else "Not compared" for c in comparisons}
    key += [(icon(_marker(10, 8, c)), words) for c, words in KEY_WORDS.items() if c in shown]
    return key


@dataclass(frozen=True)
class TrendInput:
    labels: Sequence[str]
    values: Sequence[float | None]
    lower: Sequence[float | None]
    upper: Sequence[float | None]
    benchmark: Sequence[float | None] = ()
    title: str = ""
    desc: str = ""
    #: Indexes where the line starts again (a year-to-date figure's new year).
    breaks: Sequence[int] = ()
    #: Put after each axis label ("%" for a proportion).
    suffix: str = ""


TREND_WIDTH = 320
TREND_HEIGHT = 170
RIGHT, TOP, BOTTOM = 12, 10, 34
#: The left margin is wide enough for the longest axis label, and at least this.
LEFT = 40
LABEL_WIDTH = 6  # about the width of a digit at font-size 10
TARGET_STEPS = 4


def _nice_step(rough: float) -> float:
    """The step of 1, 2, 2.5 or 5 times a power of ten at or above `rough`."""
    power = 10 ** math.floor(math.log10(rough))
    for nice in (1, 2, 2.5, 5, 10):
        if rough <= nice * power * (1 + 1e-9):
            return nice * power
    return 10 * power


def axis(low: float, high: float) -> list[float]:
    """The ticks of a value axis from at or below `low` to at or above `high`, at a
    round step, about four steps. It never goes below zero when nothing drawn is below
    zero. One value alone (or all the same) gets an axis from zero to above it."""
    if high == low:
        if low > 0:
            low = 0.0
        elif low < 0:
            high = 0.0
        else:
            high = 1.0
    step = _nice_step((high - low) / TARGET_STEPS)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [first + i * step for i in range(count + 1)]


def tick_text(value: float, step: float, suffix: str = "") -> str:
    """An axis label: a plain number with thousands separators, never in scientific
    notation, with as many decimals as the step needs ("2.5", "1,500", "0.05")."""
    decimals = 0
    while decimals < 10 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = f"{0:.{decimals}f}"  # never "-0"
    return text + suffix


def trend(inp: TrendInput) -> str:
    """A line chart of the values with whiskers for their 95% limits and the
    benchmark dashed; empty when no value is published. The line breaks at a missing
    value and at each of `breaks`."""
    seen = [v for v in (*inp.values, *inp.lower, *inp.upper, *inp.benchmark) if v is not None]
    if not any(v is not None for v in inp.values):
        return ""
    ticks = axis(min(seen), max(seen))
    low, high = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0]
    texts = [tick_text(t, step, inp.suffix) for t in ticks]
    left = max(LEFT, LABEL_WIDTH * max(len(t) for t in texts) + 8)
    plot_w = TREND_WIDTH - left - RIGHT
    plot_h = TREND_HEIGHT - TOP - BOTTOM
    count = len(inp.labels)

    def x(i: int) -> float:
        return round(left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1)), 2)

    def y(v: float) -> float:
        return round(TOP + plot_h * (high - v) / (high - low), 2)

    base = TOP + plot_h
    body = [
        f'<line x1="{left}" y1="{base}" x2="{TREND_WIDTH - RIGHT}" y2="{base}" stroke="{INK}"/>',
        f'<line x1="{left}" y1="{TOP}" x2="{left}" y2="{base}" stroke="{INK}"/>',
    ]
    for tick, text in zip(ticks, texts, strict=True):
        at = y(tick)
        body.append(f'<line x1="{left - 3}" y1="{at}" x2="{left}" y2="{at}" stroke="{INK}"/>')
        body.append(
            f'<text x="{left - 5}" y="{round(at + 3.5, 2)}" text-anchor="end" font-size="10">'
            f"{escape(text)}</text>"
        )
    if count:
        anchor = "middle" if count == 1 else "start"
        body.append(
            f'<text x="{x(0)}" y="{TREND_HEIGHT - 14}" text-anchor="{anchor}" font-size="10">'
            f"{escape(inp.labels[0])}</text>"
        )
    if count > 1:
        body.append(
            f'<text x="{x(count - 1)}" y="{TREND_HEIGHT - 4}" text-anchor="end" '
            f'font-size="10">{escape(inp.labels[-1])}</text>'
        )
    bench = [(x(i), y(v)) for i, v in enumerate(inp.benchmark) if v is not None]
    if len(bench) > 1:
        points = " ".join(f"{a},{b}" for a, b in bench)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-dasharray="4 3"/>'
        )
    elif bench:  # one period: a short dashed stroke across it
        (a, b) = bench[0]
        body.append(
            f'<line x1="{round(a - 24, 2)}" y1="{b}" x2="{round(a + 24, 2)}" y2="{b}" '
            f'stroke="{INK}" stroke-dasharray="4 3"/>'
        )
    for i, (lo, hi) in enumerate(zip(inp.lower, inp.upper, strict=True)):
        if lo is not None and hi is not None and inp.values[i] is not None:
            body.append(
                f'<line x1="{x(i)}" y1="{y(hi)}" x2="{x(i)}" y2="{y(lo)}" stroke="{GREY}" '
                'stroke-width="2"/>'
            )
    breaks = set(inp.breaks)
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(inp.values):
        if v is None or i in breaks:
            runs.append([])
        if v is not None:
            runs[-1].append((x(i), y(v)))
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{a},{b}" for a, b in run)
            body.append(
                f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
            )
        for a, b in run:
            body.append(f'<circle cx="{a}" cy="{b}" r="3" fill="#1d70b8"/>')
    return _svg(TREND_WIDTH, TREND_HEIGHT, inp.title, inp.desc, body)


def swatch(comparison: str) -> str:
    """A small square of the comparison's colour, hidden from screen readers (the
    word beside it says the same); "Not compared" is hatched as on the map
    (`choropleth.HATCHED`), not a white square that looked like an empty checkbox."""
    if str(comparison) == "Not compared":
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" '
            f'aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" '
            f'height="11" fill="{HATCH_PAPER}"/><path d="{hatch_path(0.5, 0.5, 11, 3)}" '
            f'stroke="{HATCH_INK}" stroke-width="1"/><rect x="0.5" y="0.5" width="11" '
            f'height="11" fill="none" stroke="{INK}"/></svg>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" '
        f'aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" '
        f'fill="{colour(comparison)}" stroke="{INK}"/></svg>'
    )
