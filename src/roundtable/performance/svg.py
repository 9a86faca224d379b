"""Small inline SVG charts for the performance report: pure functions, no Django.

A sparkline is a picture of a trend, so it always carries the same trend in words
(`role="img"` with an `aria-label` and a `<title>`): screen readers read the words,
printers and sighted readers see the line. A missing figure is a gap in the line,
never a drop to zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from roundtable.performance.rules import (
    Polarity,
    quantize,
)

__all__ = ["format_number", "sparkline", "trend_description"]

LINE_COLOUR = "#0b0c0c"
POINT_COLOUR = "#1d70b8"
MISSING = "N/A"


def format_number(value: Decimal | None, decimals: int | None = None, unit: str = "") -> str:
    """A figure as a report prints it: "1,732", "98.69%", "£21,500"; missing is "N/A".

    `decimals` rounds half away from zero (None keeps the figure's own places).
    Percentages are in percentage points, so 98.69 prints as "98.69%".
    """
    if value is None:
        return MISSING
    if decimals is not None:
        value = quantize(value, decimals)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = f"{value:,.{places}f}"
    if unit == "%":
        return f"{text}%"
    if unit == "£":
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text


def trend_description(
    points: Sequence[tuple[str, Decimal | None]],
    *,
    polarity: Polarity = Polarity.NO_JUDGEMENT,
    decimals: int | None = None,
    unit: str = "",
) -> str:
    """The trend in words: "Trend from 2011/12 Q1 to 2011/12 Q2: 481, 421. Higher is
    better." Missing figures read "N/A"."""
    if not points:
        return "No trend: there are no figures yet."
    figures = ", ".join(format_number(value, decimals, unit) for _, value in points)
    if len(points) == 1:
        text = f"Only one figure, for {points[0][0]}: {figures}."
    else:
        text = f"Trend from {points[0][0]} to {points[-1][0]}: {figures}."
    if polarity is not Polarity.NO_JUDGEMENT:
        text += f" {polarity.label}."
    return text


def _fmt(number: float) -> str:
    """Coordinates with at most one decimal place: "12.5", "3"."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sparkline(
    points: Sequence[tuple[str, Decimal | None]],
    *,
    width: int = 120,
    height: int = 32,
    polarity: Polarity = Polarity.NO_JUDGEMENT,
    decimals: int | None = None,
    unit: str = "",
) -> str:
    """An accessible inline SVG line of `points` (label, value), oldest first.

    Missing values (None) break the line; a figure with no neighbour is drawn as a
    dot; the latest figure is marked. The `<title>` and `aria-label` say the trend in
    words (see `trend_description`), with every label escaped.
    """
    description = escape(
        trend_description(points, polarity=polarity, decimals=decimals, unit=unit), quote=True
    )
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rt-sparkline" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{description}" focusable="false">'
        f"<title>{description}</title>"
    )
    values = [float(value) for _, value in points if value is not None]
    if not values:
        middle = _fmt(height / 2)
        return (
            f"{opening}"
            f'<line x1="2" y1="{middle}" x2="{width - 2}" y2="{middle}" stroke="#b1b4b6" '
            f'stroke-width="1" stroke-dasharray="3 3"/></svg>'
        )

    pad = 3.0
    low, high = min(values), max(values)
    span = high - low
    step = (width - 2 * pad) / (len(points) - 1) if len(points) > 1 else 0.0

    def xy(index: int, value: Decimal) -> tuple[float, float]:
        x = pad + index * step if len(points) > 1 else width / 2
        y = height / 2 if span == 0 else pad + (high - float(value)) / span * (height - 2 * pad)
        return x, y

    runs: list[list[tuple[float, float]]] = [[]]
    last: tuple[float, float] | None = None
    for index, (_, value) in enumerate(points):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        last = xy(index, value)
        runs[-1].append(last)

    shapes: list[str] = []
    for run in runs:
        if len(run) == 1:
            x, y = run[0]
            shapes.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="1.5" fill="{LINE_COLOUR}"/>')
        elif run:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{_fmt(x)} {_fmt(y)}" for i, (x, y) in enumerate(run)
            )
            shapes.append(
                f'<path d="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    if last is not None:
        shapes.append(
            f'<circle cx="{_fmt(last[0])}" cy="{_fmt(last[1])}" r="2.5" fill="{POINT_COLOUR}"/>'
        )
    return f"{opening}{''.join(shapes)}</svg>"
