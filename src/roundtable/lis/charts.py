"""SVG charts for LIS pages, built as text (pure, no Django).

`bar_chart` draws areas as horizontal bars with their 95% confidence intervals
and an optional benchmark line (the parent area's value, say). The SVG is a
picture: every chart is shown with the same figures as a table, so the title and
description only summarise it. Labels are escaped here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

BAR = 16
GAP = 6
LABEL = 190
PLOT = 360
VALUE = 110
TOP = 28
COLOUR = "#1d70b8"
CI_COLOUR = "#0b0c0c"
BENCHMARK_COLOUR = "#d4351c"
GRID_COLOUR = "#b1b4b6"


@dataclass(frozen=True)
class Bar:
    """One area: its label, value (None when there is none to show, e.g. suppressed)
    and confidence limits, and what to write for it when it has no value."""

    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    note: str = ""


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    bars: list[Bar],
    *,
    title: str,
    benchmark: float | None = None,
    benchmark_label: str = "",
    show: Callable[[float], str] = str,
    ident: str = "",
) -> str:
    """A horizontal bar chart of `bars`, with CI whiskers where both limits are given
    and a vertical line at `benchmark`. `show` writes a value as text."""
    values = [b.value for b in bars if b.value is not None]
    highs = values + [b.upper for b in bars if b.upper is not None and b.value is not None]
    if benchmark is not None:
        highs.append(benchmark)
    top = max(highs, default=0.0)
    top = top if top > 0 else 1.0
    lows = [min(0.0, v) for v in values]
    bottom = min(lows, default=0.0)
    span = top - bottom or 1.0

    def x(value: float) -> float:
        return LABEL + (value - bottom) / span * PLOT

    ident = ident or _id(title)
    height = TOP + len(bars) * (BAR + GAP) + 10
    width = LABEL + PLOT + VALUE
    summary = f"{len(bars)} areas"
    if benchmark is not None:
        summary += f"; benchmark {benchmark_label or ''} {show(benchmark)}".replace("  ", " ")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rt-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" font-family="arial, sans-serif" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary)}. The same figures are in the '
        "table with the chart.</desc>",
        f'<line x1="{_fmt(x(0))}" y1="{TOP - 6}" x2="{_fmt(x(0))}" y2="{height - 8}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR + GAP)
        middle = y + BAR / 2
        out.append(
            f'<text x="{LABEL - 6}" y="{_fmt(middle + 4)}" text-anchor="end" '
            f'font-size="12" fill="#0b0c0c">{escape(_shorten(bar.label))}</text>'
        )
        if bar.value is None:
            out.append(
                f'<text x="{LABEL + 4}" y="{_fmt(middle + 4)}" font-size="12" '
                f'fill="#505a5f">{escape(bar.note or "No value")}</text>'
            )
            continue
        start, end = sorted((x(0), x(bar.value)))
        out.append(
            f'<rect x="{_fmt(start)}" y="{y}" width="{_fmt(max(end - start, 1))}" '
            f'height="{BAR}" fill="{COLOUR}"/>'
        )
        if bar.lower is not None and bar.upper is not None:
            low, high = x(bar.lower), x(bar.upper)
            out.append(
                f'<path d="M{_fmt(low)} {_fmt(middle)}H{_fmt(high)}'
                f"M{_fmt(low)} {y + 3}V{y + BAR - 3}M{_fmt(high)} {y + 3}V{y + BAR - 3}"
                f'" stroke="{CI_COLOUR}" stroke-width="1.5" fill="none"/>'
            )
        out.append(
            f'<text x="{LABEL + PLOT + 8}" y="{_fmt(middle + 4)}" font-size="12" '
            f'fill="#0b0c0c">{escape(show(bar.value))}</text>'
        )
    if benchmark is not None:
        bx = _fmt(x(benchmark))
        out.append(
            f'<line x1="{bx}" y1="{TOP - 6}" x2="{bx}" y2="{height - 8}" '
            f'stroke="{BENCHMARK_COLOUR}" stroke-width="2" stroke-dasharray="6 3"/>'
        )
        out.append(
            f'<text x="{bx}" y="{TOP - 10}" text-anchor="middle" font-size="12" '
            f'fill="{BENCHMARK_COLOUR}">{escape(benchmark_label or "Benchmark")} '
            f"{escape(show(benchmark))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _shorten(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def _id(title: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
    return "chart-" + (cleaned[:40] or "figures")
