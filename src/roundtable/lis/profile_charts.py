"""SVG charts for area profiles: pure functions from figures to SVG text.

- `spine`: Fingertips' spine chart for one indicator. The benchmark is the line
  in the middle; the grey bar spans the lowest to the highest value among the
  comparator areas; the circle is the area's value, coloured by how it compares
  (better green, similar yellow, worse red; higher and lower in two blues for
  indicators with no judgement). Better is always to the right: for an indicator
  where lower is better the axis is turned round.
- `trend`: the area's values over time with their 95% confidence limits, and the
  benchmark's values as a dashed line.
- `swatch`: a small square of a comparison's colour, set beside its word (a
  page never tells a comparison by colour alone).

Every chart has a `<title>` and a `<desc>` that say what it shows in words, and the
page's table beside it carries the same figures. Colours are SVG attributes, not
styles, so the Content-Security-Policy (no inline styles) allows them. Nothing
here reads the database; text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

COLOURS = {
    "Better": "#00703c",
    "Similar": "#ffdd00",
    "Worse": "#d4351c",
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
    x = spine_position(inp, inp.value)
    body.append(
        f'<circle cx="{x}" cy="12" r="6" fill="{colour(inp.comparison)}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    return _svg(SPINE_WIDTH, SPINE_HEIGHT, inp.title, inp.desc, body)


@dataclass(frozen=True)
class TrendInput:
    labels: Sequence[str]
    values: Sequence[float | None]
    lower: Sequence[float | None]
    upper: Sequence[float | None]
    benchmark: Sequence[float | None] = ()
    title: str = ""
    desc: str = ""


TREND_WIDTH = 320
TREND_HEIGHT = 170
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 10, 34


def _tick(value: float) -> str:
    return f"{value:,.4g}"


def trend(inp: TrendInput) -> str:
    """A line chart of the values with whiskers for their 95% limits; empty when
    no value is published."""
    seen = [v for v in (*inp.values, *inp.lower, *inp.upper, *inp.benchmark) if v is not None]
    if not any(v is not None for v in inp.values):
        return ""
    low, high = min(seen), max(seen)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.05
    low, high = low - pad, high + pad
    plot_w = TREND_WIDTH - LEFT - RIGHT
    plot_h = TREND_HEIGHT - TOP - BOTTOM
    count = len(inp.labels)

    def x(i: int) -> float:
        return round(LEFT + (plot_w / 2 if count == 1 else plot_w * i / (count - 1)), 2)

    def y(v: float) -> float:
        return round(TOP + plot_h * (high - v) / (high - low), 2)

    base = TOP + plot_h
    body = [
        f'<line x1="{LEFT}" y1="{base}" x2="{TREND_WIDTH - RIGHT}" y2="{base}" stroke="{INK}"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="{INK}"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end" font-size="10">'
        f"{escape(_tick(high))}</text>",
        f'<text x="{LEFT - 4}" y="{base}" text-anchor="end" font-size="10">'
        f"{escape(_tick(low))}</text>",
    ]
    if count:
        body.append(
            f'<text x="{x(0)}" y="{TREND_HEIGHT - 14}" text-anchor="start" font-size="10">'
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
    for i, (lo, hi) in enumerate(zip(inp.lower, inp.upper, strict=True)):
        if lo is not None and hi is not None and inp.values[i] is not None:
            body.append(
                f'<line x1="{x(i)}" y1="{y(hi)}" x2="{x(i)}" y2="{y(lo)}" stroke="{GREY}" '
                'stroke-width="2"/>'
            )
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(inp.values):
        if v is None:
            runs.append([])
        else:
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
    word beside it says the same)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" '
        f'aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" '
        f'fill="{colour(comparison)}" stroke="{INK}"/></svg>'
    )
