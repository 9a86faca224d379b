"""Small-number suppression of LIS statistics across imports.

A file's own cells are suppressed while it is checked
(`import_checks.suppressed_cells`); the cells and the published totals that could
give a small count away are found here (`suppression_groups`) for it and for the
stored cells. Once an import's rows are written, inside its transaction, the stored
cells of the indicators and periods it wrote are worked out again
(`resuppress_stored`, by `after_write`), so that a total imported earlier with its
parts now (or parts earlier and the total now) hides what would give a small count
away. When the dataset's threshold changes, every stored cell of it is worked out
again (`resuppress_dataset`): a higher threshold hides cells no file names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from roundtable.geography.models import Area
from roundtable.lis import rules
from roundtable.lis.models import Dataset, Observation
from roundtable.performance.choices import ValueType

if TYPE_CHECKING:
    import polars as pl

BREAKDOWNS = ("sex", "age", "category")


# One cell for suppression: indicator, area, period, sex, age, category, key, count.
SuppressionRow = tuple[int, int, str, str, str, str, object, float | None]


def suppression_groups(
    rows: Iterable[SuppressionRow], parents: dict[int, int | None]
) -> tuple[list[rules.Cell], dict[tuple, object]]:
    """The cells and published totals `rules.suppress` works on, for rows of one
    dataset (`parents`: each area's parent area):

    - a breakdown adds up to the row with that breakdown blank (Female and Male to
      Persons; an age band within Female to Female), for the same indicator, area
      and period;
    - areas add up to their parent area (LSOAs to their MSOA), for the same
      indicator, period and breakdown, when there is the parent's row.

    Each total maps to its total cell's key."""
    rows = list(rows)
    by_cell = {row[:6]: row[6] for row in rows}
    cells = []
    totals: dict[tuple, object] = {}
    for indicator, area, period, sex, age, category, key, found in rows:
        breakdown = (sex, age, category)
        groups = []
        for position, part in enumerate(breakdown):
            if part:
                whole = (*breakdown[:position], "", *breakdown[position + 1 :])
                total = by_cell.get((indicator, area, period, *whole))
                if total is not None:
                    group = ("breakdown", indicator, area, period, position, whole)
                    groups.append(group)
                    totals[group] = total
        parent = parents.get(area)
        total = by_cell.get((indicator, parent, period, *breakdown)) if parent else None
        if total is not None:
            group = ("area", indicator, parent, period, breakdown)
            groups.append(group)
            totals[group] = total
        cells.append(rules.Cell(key, found, other_groups=tuple(groups)))
    return cells, totals


#: Ids per UPDATE when suppression changes (well under SQLite's 32,766 parameters).
UPDATE_CHUNK = 10_000


def resuppress_stored(dataset: Dataset, written: pl.DataFrame) -> int:
    """Work out again, from the stored cells, which cells of `dataset` are
    suppressed for the indicators × periods just written, so that a total imported
    earlier with its parts now (or parts earlier and the total now) hides what would
    give a small count away; a cell is shown again only when no rule still hides it.
    Returns how many cells changed.

    Set-based: without any small count among those cells one UPDATE shows them all;
    otherwise one read of the cells (and one of their areas' parents), then the
    changed cells' flags in one UPDATE (per `UPDATE_CHUNK` ids)."""
    pairs: dict[int, set[str]] = defaultdict(set)
    for indicator_id, period in written.select("indicator_id", "period").unique().iter_rows():
        pairs[indicator_id].add(period)
    if not pairs:
        return 0
    scope = reduce(or_, (Q(indicator_id=i, period__in=sorted(p)) for i, p in pairs.items()))
    return _resuppress_cells(dataset, Observation.objects.filter(scope, dataset_id=dataset.pk))


def resuppress_dataset(dataset: Dataset) -> int:
    """Work out again which of all `dataset`'s stored cells are suppressed, by its
    threshold as it is now: for when the threshold changes (an import's
    `--suppress-below`, the catalogue entry's edit page), which concerns every cell,
    not only those a file names. Returns how many cells changed."""
    return _resuppress_cells(dataset, Observation.objects.filter(dataset_id=dataset.pk))


def _resuppress_cells(dataset: Dataset, cells: QuerySet[Observation]) -> int:
    stored = cells.annotate(
        # A count indicator's value is its count, as in `check_observations`.
        _count=Case(
            When(indicator__value_type=ValueType.COUNT, then=Coalesce("count", "value")),
            default=F("count"),
        )
    )
    threshold = dataset.suppress_below
    small = stored.filter(_count__gte=1, _count__lt=threshold)
    if threshold <= 1 or not small.exists():
        return stored.filter(suppressed=True).update(suppressed=False)
    return _resuppress(stored, threshold)


def _resuppress(stored: QuerySet[Observation], threshold: int) -> int:
    fields = ("indicator_id", "area_id", "period", *BREAKDOWNS, "pk", "_count", "suppressed")
    found = list(
        stored.order_by("indicator_id", "period", "area_id", *BREAKDOWNS).values_list(*fields)
    )
    areas = Area.objects.filter(pk__in=stored.values("area_id"))
    parents = dict(areas.values_list("pk", "parent_id"))
    cells, totals = suppression_groups((row[:8] for row in found), parents)
    hidden = rules.suppress(cells, threshold, totals)
    changed = [row[6] for row in found if (row[6] in hidden) != row[8]]
    for start in range(0, len(changed), UPDATE_CHUNK):
        chunk = changed[start : start + UPDATE_CHUNK]
        hide = [pk for pk in chunk if pk in hidden]
        Observation.objects.filter(pk__in=chunk).update(
            suppressed=Case(When(pk__in=hide, then=Value(True)), default=Value(False))
        )
    return len(changed)


def after_write(
    dataset: Dataset,
    written: pl.DataFrame,
    *,
    replacing: bool = True,
    threshold_changed: bool = False,
    changed: int | None = None,
) -> None:
    """What an import does once its rows are written, inside its transaction:
    suppression worked out again over the stored cells (`resuppress_stored`; over
    every cell of the dataset when the import changed its threshold,
    `resuppress_dataset`), and the time the dataset's statistics changed
    (Fingertips' "New data").

    Into a dataset that had no cells (`replacing` False) the stored cells are the
    rows just written, whose suppression `check_observations` already worked out
    over the whole file by the same rules: reading them back would find nothing to
    change (about 1 s of a million-row import), so it is not done. Nor when the
    write changed no cell (`changed` 0) and the threshold is the same: the stored
    cells are as the last import left them, and their statistics have not changed."""
    if changed == 0 and not threshold_changed:
        return
    if replacing and threshold_changed:
        resuppress_dataset(dataset)
    elif replacing:
        resuppress_stored(dataset, written)
    Dataset.objects.filter(pk=dataset.pk).update(data_updated=timezone.now())
