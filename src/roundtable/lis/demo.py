"""The demo's Local Information System: real open data, not illustrative.

Each demo partnership publishes the Census 2011 usual residents of its local
authority, its MSOAs and its LSOAs: the figures the geography loader read from
the Office for National Statistics' census tables (shipped in the
`crime-sim-toolkit` package, Open Government Licence v3) when it loaded the
place. They go in through the same import as any partner's file
(`import_indicators`, `import_observations`), so loading the demo twice changes
nothing the second time.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import Q

from roundtable.core.imports import read_table
from roundtable.core.records import assign_changed
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis.imports import DatasetOptions, import_indicators, import_observations
from roundtable.lis.models import Dataset
from roundtable.lis.needs_demo import load_demo_needs

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

CODE = "CEN-RES"
SOURCE = "Office for National Statistics, Census 2011 (usual residents)"
ABOUT = {
    "description": (
        "The number of usual residents of each area on census day, 27 March 2011, for "
        "the local authority, its middle layer super output areas (MSOAs) and its lower "
        "layer super output areas (LSOAs, 2011 boundaries)."
    ),
    "source": f"{SOURCE}, from the census tables in the crime-sim-toolkit package 1.5.0",
    "update_frequency": "Every ten years (census)",
    "themes": ["Population"],
    "area_types": ["local_authority", "msoa", "lsoa"],
    "time_covered": "2011",
    "method_notes": (
        "LSOA figures are the census's own; MSOA and local authority figures are the "
        "sums of their LSOAs. Real open data, not illustrative: Open Government "
        "Licence v3.0, contains National Statistics data © Crown copyright 2011."
    ),
}
AREA_TYPES = (AreaType.LOCAL_AUTHORITY, AreaType.MSOA, AreaType.LSOA)


def load_demo_statistics(partnership: Partnership) -> list[str]:
    """Publish the partnership's Census 2011 residents on its LIS; what was done, in
    lines for the demo's report (none when the partnership has no loaded place)."""
    place = partnership.area
    if place is None:
        return []
    areas = list(
        Area.objects.filter(
            Q(pk=place.pk) | Q(parent=place) | Q(parent__parent=place),
            area_type__in=AREA_TYPES,
            population__isnull=False,
        ).order_by("code")
    )
    if not areas:
        return []
    with tempfile.TemporaryDirectory(prefix="roundtable-lis-demo-") as folder:
        indicators = Path(folder) / "indicators.csv"
        _write(
            indicators,
            ["code", "name", "value_type", "polarity", "unit", "definition", "source", "decimals"],
            [
                [
                    CODE,
                    "Usual residents (Census 2011)",
                    "count",
                    "none",
                    "people",
                    "People usually resident in the area on census day, 27 March 2011.",
                    SOURCE,
                    "0",
                ]
            ],
        )
        said = [import_indicators(read_table(indicators), partnership)]
        statistics = Path(folder) / "statistics.csv"
        _write(
            statistics,
            ["indicator", "area_code", "period", "value"],
            [[CODE, area.code, "2011", str(area.population)] for area in areas],
        )
        options = DatasetOptions(
            slug=f"{partnership.slug}-census-2011-residents",
            title="Census 2011: usual residents",
            licence="OGL-UK-3.0",
        )
        said.append(import_observations(statistics, partnership, options))
    dataset = Dataset.objects.get(slug=options.slug)
    if assign_changed(dataset, ABOUT):
        dataset.save()
    said += load_demo_needs(partnership)
    return [f"{partnership.name}: {line}" for line in said]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
