"""A partnership's performance indicators, published on its LIS.

One indicator library: an indicator of the performance report that is marked
`on_lis` is the same `performance.Indicator` on the LIS, never a copy. Its figures
are the ones the public already sees in the report: the approved actuals of public
indicators (`IndicatorValue.objects.visible_to` an anonymous visitor), for the
partnership's place. They are kept in one dataset per partnership,
"<slug>-performance", so every LIS output (pages, maps, profiles, REST, CKAN,
Fingertips, exports) reads them the one way it reads any statistics.

The dataset is rewritten from the approved figures whenever a return is approved
or re-opened for correction (the `figures_changed` signal of the performance app) and by
`roundtable lis publish-performance`. A figure that is no longer approved leaves the
LIS with it. Nothing is suppressed: these figures are published in the report.
Periods the LIS cannot name (school terms, "2011/12 T1") stay in the report only.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from roundtable.core.imports import ImportFailed
from roundtable.core.records import assign_changed
from roundtable.lis.imports import DatasetOptions, import_observations
from roundtable.lis.models import Dataset, Observation
from roundtable.lis.periods import PeriodError, parse_period
from roundtable.performance.models import IndicatorValue

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

logger = logging.getLogger(__name__)

TITLE = "Partnership performance indicators"
HEADER = ["indicator", "area_code", "period", "value", "note"]
NOTE_LENGTH = Observation._meta.get_field("note").max_length


def dataset_slug(partnership: Partnership) -> str:
    return f"{partnership.slug}-performance"


def approved_rows(partnership: Partnership) -> tuple[list[list[str]], int]:
    """The rows to publish, and how many approved figures have a period the LIS
    cannot name (kept in the report only)."""
    place = partnership.area
    values = (
        IndicatorValue.objects.visible_to(AnonymousUser())
        .filter(partnership=partnership, indicator__on_lis=True, actual__isnull=False)
        .select_related("indicator")
        .order_by("indicator__code", "period_start", "period")
    )
    rows, unnamed = [], 0
    for value in values:
        try:
            period = parse_period(value.period).label
        except PeriodError:
            unnamed += 1
            continue
        # The figure's own note travels with it ("Illustrative figure, not from the
        # source documents" in the demo), so the LIS says what the report says.
        note = "; ".join(n for n in ("Estimated" if value.estimated else "", value.note) if n)
        note = note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…"
        rows.append([value.indicator.code, place.code, period, str(value.actual), note])
    return rows, unnamed


@transaction.atomic
def publish_performance_figures(partnership: Partnership) -> str:
    """Rewrite the partnership's performance dataset from its approved, public
    figures; what was done, in words. A re-run with nothing changed writes nothing."""
    if partnership.area_id is None:
        return f"{partnership.name} has no place, so no figures were published on its LIS"
    rows, unnamed = approved_rows(partnership)
    slug = dataset_slug(partnership)
    dataset = Dataset.objects.filter(slug=slug, partnership=partnership).first()
    if dataset is None and not rows:
        return "No approved figures of indicators on the LIS to publish"
    if dataset is not None:
        held = sorted(
            [o.indicator.code, o.area.code, o.period, _figure(o.value), o.note]
            for o in dataset.observations.select_related("indicator", "area")
        )
        if held == sorted([*row[:3], _figure(float(row[3])), row[4]] for row in rows):
            return f"The {len(rows):,} published figures are up to date"
        dataset.observations.all().delete()
    summary = "No approved figures of indicators on the LIS to publish"
    if rows:
        with tempfile.TemporaryDirectory(prefix="roundtable-lis-performance-") as folder:
            path = Path(folder) / "figures.csv"
            with path.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(HEADER)
                writer.writerows(rows)
            options = DatasetOptions(slug=slug, title=TITLE, suppress_below=1)
            summary = import_observations(path, partnership, options)
        dataset = Dataset.objects.get(slug=slug)
        if assign_changed(dataset, about(partnership, rows)):
            dataset.save()
    if unnamed:
        summary += f"; {unnamed:,} figures for school terms stay in the report only"
    return summary


def _figure(value: float | None) -> str:
    return "" if value is None else f"{float(value):.6g}"


def about(partnership: Partnership, rows: list[list[str]]) -> dict[str, object]:
    """The catalogue entry: what the dataset is, the periods it covers, and whether
    any figure is illustrative (said at the top, as the report says it)."""
    description = (
        f"The indicators {partnership.name} tracks in its performance report and "
        "publishes on the LIS, with the figures partners' returns gave once approved."
    )
    if any("illustrative" in row[4].lower() for row in rows):
        description += (
            " Some figures are illustrative, not from the source documents: their notes say so."
        )
    periods = [parse_period(label) for label in {row[2] for row in rows}]
    covered = ""
    if periods:
        # The longest period at each end: "2012/13 Q1" rather than its month "2012-06".
        first = min(periods, key=lambda p: (p.start, -p.end.toordinal()))
        last = max(periods, key=lambda p: (p.end, -p.start.toordinal()))
        covered = f"{first.label} to {last.label}"
    return {
        "description": description,
        "time_covered": covered,
        "source": f"{partnership.name}'s performance report (approved returns)",
        "update_frequency": "Quarterly, as returns are approved",
        "themes": ["Partnership performance"],
        "area_types": ["local_authority"],
        "method_notes": (
            "The figures are the performance report's own: the approved actual of each "
            "public indicator marked for the LIS, for each period (year to date where "
            "the indicator is cumulative). They are rewritten whenever a return is "
            "approved or re-opened. No figure is suppressed: the report "
            "already publishes them. A figure's note says when it is estimated or "
            "illustrative."
        ),
    }


def follow_approved_figures(sender: object, partnership: Partnership, **kwargs: object) -> None:
    """Receiver of `performance.signals.figures_changed`: republish the figures.

    A figure the LIS refuses (a percentage over 100, say) must not undo the approval
    of a return: the dataset is left as it was and the problems are logged for the
    administrators, who see them again with `roundtable lis publish-performance`."""
    try:
        with transaction.atomic():
            publish_performance_figures(partnership)
    except ImportFailed as failure:
        logger.warning(
            "The LIS could not publish %s's approved figures: %s",
            partnership.slug,
            "; ".join(str(error) for error in failure.errors[:10]),
        )
