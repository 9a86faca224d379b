"""Importing LIS indicators and statistics (`roundtable lis import-indicators`,
`roundtable lis import`). The contract is in docs/lis.md.

An import of statistics is all or nothing. The file is read and checked first, column
by column with Polars (`import_checks`): every problem is collected with its row (the
header is row 1, as a spreadsheet shows it) and column, and if there is any, nothing
is written (`ImportFailed`). Otherwise the rows go in, in bulk, inside one
transaction (`import_writes`), and suppression is worked out again over the stored
cells they join (`import_suppression`). Importing a file again replaces the cells it
names (same dataset, indicator, area, period, sex, age and category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from roundtable.core.imports import ImportFailed, RowError, RowReader, Table, check_headers
from roundtable.core.records import assign_changed
from roundtable.lis.import_checks import check_observations, read_frame
from roundtable.lis.import_suppression import after_write
from roundtable.lis.import_writes import CELL, WRITTEN, Progress, staged, write_rows
from roundtable.lis.models import (
    DATASET_SLUG,
    DEFAULT_LICENCE,
    DEFAULT_SUPPRESS_BELOW,
    RESERVED_DATASET_SLUGS,
    Dataset,
    Observation,
)
from roundtable.partnership.models import Organisation
from roundtable.partnership.rules import name_key
from roundtable.performance.choices import Frequency, ValueType
from roundtable.performance.models import Indicator
from roundtable.performance.parsers import (
    parse_multiplier,
    parse_polarity,
)

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership

# Indicators ------------------------------------------------------------------------

INDICATOR_COLUMNS = ("code", "name", "value_type", "polarity")
INDICATOR_OPTIONAL = ("multiplier", "unit", "definition", "source", "ci_method", "decimals")

VALUE_TYPE_WORDS = {v.value: v for v in ValueType} | {
    "percentage": ValueType.PROPORTION,
    "percent": ValueType.PROPORTION,
    "%": ValueType.PROPORTION,
    "number": ValueType.COUNT,
}


def parse_value_type(text: str) -> ValueType:
    """A value type: count, proportion, rate, mean, ratio or other (any case)."""
    try:
        return VALUE_TYPE_WORDS[text.strip().lower()]
    except KeyError:
        raise ValueError(
            f"'{text}' is not a value type; use count, proportion, rate, mean, ratio or other"
        ) from None


def import_indicators(table: Table, partnership: Partnership) -> str:
    """Create or update the partnership's LIS indicators from `table`. New ones are
    published on the LIS and kept out of the performance report; an existing
    indicator (same code) is put on the LIS and keeps its place in the report."""
    errors = check_headers(table, required=INDICATOR_COLUMNS, optional=INDICATOR_OPTIONAL)
    if errors:
        raise ImportFailed(errors)
    existing = {name_key(i.code): i for i in Indicator.objects.filter(partnership=partnership)}
    seen: dict[str, int] = {}
    wanted: list[dict] = []
    for row in table:
        reader = RowReader(row, errors)
        code = reader.text("code", required=True, max_length=40)
        name = reader.text("name", required=True, max_length=400)
        fields: dict = {"code": code, "name": name}
        for column, parse in (("value_type", parse_value_type), ("polarity", parse_polarity)):
            try:
                fields[column] = parse(row.get(column)).value
            except ValueError as error:
                reader.error(column, str(error))
        try:
            fields["multiplier"] = parse_multiplier(row.get("multiplier"), row.get("unit"))
        except ValueError as error:
            reader.error("multiplier", str(error))
        decimals = reader.integer("decimals")
        if decimals is not None and not 0 <= decimals <= 6:
            reader.error("decimals", "enter a whole number from 0 to 6")
        fields["decimals"] = 1 if decimals is None else decimals
        fields["unit"] = reader.text("unit", max_length=40) or fields.get("value_type", "")
        fields["definition"] = reader.text("definition")
        fields["data_source"] = reader.text("source", max_length=300)
        fields["ci_method"] = reader.text("ci_method", max_length=100)
        key = name_key(code)
        if code and key in seen:
            reader.error("code", f"this code is already on row {seen[key]}; keep one of them")
        seen.setdefault(key, row.number)
        wanted.append(fields)
    if errors:
        raise ImportFailed(errors)
    created = updated = unchanged = 0
    with transaction.atomic():
        for fields in wanted:
            indicator = existing.get(name_key(fields["code"]))
            if indicator is None:
                Indicator.objects.create(
                    partnership=partnership,
                    frequency=Frequency.ANNUAL,
                    in_report=False,
                    on_lis=True,
                    is_public=True,
                    **fields,
                )
                created += 1
            elif assign_changed(indicator, {**fields, "on_lis": True}):
                indicator.save()  # only what changed: a second run writes no history
                updated += 1
            else:
                unchanged += 1
    said = f"{created} new and {updated} updated LIS indicators"
    return f"{said}, {unchanged} unchanged" if unchanged else said


# Statistics ------------------------------------------------------------------------

SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")


@dataclass(frozen=True)
class DatasetOptions:
    """What `roundtable lis import` says about the dataset (used when creating it;
    given for an existing one, they change it)."""

    slug: str
    title: str = ""
    publisher: str = ""
    licence: str = ""
    suppress_below: int | None = None


def dataset_for_import(partnership: Partnership, options: DatasetOptions) -> tuple[Dataset, bool]:
    """The dataset `options.slug` of the partnership, created when absent, with the
    options given set on it (neither saved yet), and whether it needs saving (new, or
    an option changed it); ImportFailed when it belongs to another partnership or an
    option is wrong."""
    errors = []
    chosen: dict = {}
    if options.slug in RESERVED_DATASET_SLUGS:
        raise ImportFailed(
            [RowError(None, "--dataset", f"{options.slug} is kept for an address; choose another")]
        )
    dataset = Dataset.objects.filter(slug=options.slug).first()
    if dataset is not None and dataset.partnership_id != partnership.pk:
        raise ImportFailed(
            [
                RowError(
                    None,
                    "--dataset",
                    f"{options.slug} is another partnership's dataset; choose another slug",
                )
            ]
        )
    if dataset is None:
        if not DATASET_SLUG.fullmatch(options.slug):
            errors.append(
                RowError(None, "--dataset", "use lower-case letters, digits and hyphens only")
            )
        dataset = Dataset(
            partnership=partnership,
            slug=options.slug,
            title=options.title or options.slug,
            licence=DEFAULT_LICENCE,
            suppress_below=DEFAULT_SUPPRESS_BELOW,
        )
    elif options.title:
        chosen["title"] = options.title
    if options.licence:
        if not SPDX_ID.fullmatch(options.licence):
            errors.append(RowError(None, "--licence", "enter an SPDX identifier, like OGL-UK-3.0"))
        chosen["licence"] = options.licence
    if options.suppress_below is not None:
        if not 0 <= options.suppress_below <= 1000:
            errors.append(RowError(None, "--suppress-below", "enter a whole number from 0 to 1000"))
        chosen["suppress_below"] = options.suppress_below
    if options.publisher:
        wanted = name_key(options.publisher)
        publisher = next(
            (
                o
                for o in Organisation.objects.filter(partnership=partnership)
                if wanted in {name_key(o.name), name_key(o.short_name or "")}
            ),
            None,
        )
        if publisher is None:
            errors.append(
                RowError(
                    None,
                    "--publisher",
                    f"{partnership.name} has no partner named "
                    f"{options.publisher}; give a partner organisation's name",
                )
            )
        elif dataset.published and not publisher.is_partner:
            # An organisation the partnership only engages is not public: it may hold
            # a dataset, not publish one (as on the catalogue entry's page).
            errors.append(
                RowError(
                    None,
                    "--publisher",
                    f"{publisher.name} is not a partner of {partnership.name}, so it cannot "
                    "publish a dataset here; give a partner organisation's name",
                )
            )
        chosen["publisher"] = publisher
    if errors:
        raise ImportFailed(errors)
    changed = assign_changed(dataset, chosen)
    return dataset, dataset._state.adding or changed


def import_observations(
    path: Path | str,
    partnership: Partnership,
    options: DatasetOptions,
    *,
    progress: Progress | None = None,
) -> str:
    """Import the statistics in the file at `path` into the dataset `options.slug`
    (created if absent): all rows or, with any problem, none (ImportFailed)."""
    dataset, to_save = dataset_for_import(partnership, options)
    # A changed threshold concerns every stored cell, not only the file's.
    threshold_changed = not dataset._state.adding and (
        Dataset.objects.filter(pk=dataset.pk)
        .exclude(suppress_below=dataset.suppress_below)
        .exists()
    )
    frame = read_frame(path)
    ready, errors = check_observations(frame, partnership, dataset.suppress_below)
    if errors:
        raise ImportFailed(errors)
    # In the unique index's order: each row then lands next to the previous one.
    ready = ready.select(WRITTEN[1:]).sort(CELL[1:])
    with staged(ready) as stage, transaction.atomic():
        if to_save:  # an import of the same file with the same options writes no history
            dataset.save()
        # A new dataset (no cells yet) needs no upsert: nothing can conflict.
        replacing = Observation.objects.filter(dataset=dataset).exists()
        changed = write_rows(stage, ready, dataset.pk, replacing=replacing, progress=progress)
        after_write(
            dataset,
            ready,
            replacing=replacing,
            threshold_changed=threshold_changed,
            changed=changed,
        )
    rows, indicators = ready.height, ready.get_column("indicator_id").n_unique()
    said = (
        f"{rows:,} observation{'s' * (rows != 1)} of "
        f"{indicators} indicator{'s' * (indicators != 1)} into {dataset.title}"
    )
    if not replacing or changed == rows:
        return said
    return f"{said} ({changed:,} new or changed, {rows - changed:,} unchanged)"


def too_many(errors: list[RowError], limit: int = 50) -> str:
    """The problems as lines, at most `limit` of them, then "and N more"."""
    lines = [str(e) for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit:,} more")
    return "\n".join(lines)
