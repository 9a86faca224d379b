"""Importing strategies from CSV or XLSX files: all or nothing.

A strategy is described by up to six tables, each its own file. The kind of a
file comes from its name (an optional `strategy-` prefix, then the kind):

============  ===================================================================
file          columns (* required)
============  ===================================================================
strategies    slug*, title*, short_title, kind, start_year, end_year, status,
              description, source
events        name*, date*, kind, description, source
themes        strategy*, theme*, description, order
values        strategy*, value*, description, order
priorities    strategy*, theme, ref*, event, date*, status*, wording, note,
              merged_into, areas
objectives    strategy*, priority, value, objective*, order, measures
============  ===================================================================

Each row of a priorities file is one *revision* of a priority, oldest first; the
first row for a `ref` creates the priority. See docs/strategy.md.

Every file in a batch is checked and every problem collected ("Row 7, theme:
…"); if there is any problem nothing is saved. Importing the same files again
changes nothing: records are matched by slug, name or reference, a priority's
revisions by their position, and only changed fields are saved.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.core.dates import example_periods
from roundtable.core.imports import (
    ImportFailed,
    Row,
    RowError,
    RowReader,
    Table,
    check_headers,
    duplicate_rows,
    read_table,
)
from roundtable.strategy import services
from roundtable.strategy.choices import EventKind, RevisionStatus, StrategyKind, StrategyStatus
from roundtable.strategy.models import Approach, Event, Priority, Strategy, Theme
from roundtable.strategy.rules import (
    RESERVED_SLUGS,
    ProposedRevision,
    RevisionState,
    check_revision,
    next_wording,
    split_codes,
    years_in_order,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Partnership

# The order files are imported in: each may refer to the ones before it.
KINDS = ("strategies", "events", "themes", "values", "priorities", "objectives")
ALIASES = {"approaches": "values", "revisions": "priorities"}
COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "strategies": (
        ["slug", "title"],
        ["short_title", "kind", "start_year", "end_year", "status", "description", "source"],
    ),
    "events": (["name", "date"], ["kind", "description", "source"]),
    "themes": (["strategy", "theme"], ["description", "order"]),
    "values": (["strategy", "value"], ["description", "order"]),
    "priorities": (
        ["strategy", "ref", "date", "status"],
        ["theme", "event", "wording", "note", "merged_into", "areas"],
    ),
    "objectives": (["strategy", "objective"], ["priority", "value", "order", "measures"]),
}


@dataclass
class Counts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, outcome: services.Outcome) -> None:
        setattr(self, str(outcome), getattr(self, str(outcome)) + 1)

    def __str__(self) -> str:
        return f"{self.created} new, {self.changed} changed, {self.unchanged} unchanged"


@dataclass
class ImportSummary:
    """What an import did, per kind of record."""

    files: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    def count(self, kind: str, outcome: services.Outcome) -> None:
        self.counts[kind].add(outcome)

    @property
    def changed_anything(self) -> bool:
        return any(c.created or c.changed for c in self.counts.values())

    def lines(self) -> list[str]:
        order = ["strategies", "events", "themes", "values", "priorities", "revisions"]
        order += ["target areas", "objectives"]
        return [f"{kind}: {self.counts[kind]}" for kind in order if kind in self.counts]

    def __str__(self) -> str:
        return "; ".join(self.lines()) or "nothing to import"


def file_kind(filename: str) -> str | None:
    """'strategy-priorities.csv' -> 'priorities'; 'themes 2011.xlsx' -> 'themes'."""
    stem = Path(filename).stem.lower()
    stem = stem.removeprefix("strategy-").removeprefix("strategy_")
    for kind in (*KINDS, *ALIASES):
        if stem.startswith(kind):
            return ALIASES.get(kind, kind)
    return None


class _Batch:
    """Imports the tables of one batch, in order, collecting every error."""

    def __init__(self, partnership: Partnership, actor: User | None) -> None:
        self.partnership = partnership
        self.actor = actor
        self.errors: list[RowError] = []
        self.summary = ImportSummary()
        self.filename = ""
        self.file_errors: list[RowError] = []
        self._strategies: dict[str, Strategy | None] = {}
        self._themes: dict[int, dict[str, Theme]] = {}

    # Errors ---------------------------------------------------------------
    def reader(self, row: Row) -> RowReader:
        return RowReader(row, self.file_errors)

    def start_file(self, table: Table) -> None:
        self.filename = table.filename
        self.file_errors = []

    def finish_file(self) -> bool:
        """Move this file's errors to the batch; whether the file was clean."""
        for e in self.file_errors:
            self.errors.append(RowError(e.row, e.column, e.message, file=self.filename))
        return not self.file_errors

    # Lookups --------------------------------------------------------------
    def strategy(self, reader: RowReader, column: str = "strategy") -> Strategy | None:
        slug = reader.text(column, required=True)
        if not slug:
            return None
        cache = self._strategies
        if slug not in cache:
            cache[slug] = Strategy.objects.filter(partnership=self.partnership, slug=slug).first()
        if cache[slug] is None:
            reader.error(
                column,
                f"there is no strategy '{slug}' in {self.partnership}; use the slug from "
                "the strategies file, or import that file first",
            )
        return cache[slug]

    def forget_strategy(self, slug: str) -> None:
        self._strategies.pop(slug, None)

    def theme(self, reader: RowReader, strategy: Strategy, column: str) -> Theme | None:
        name = reader.text(column)
        if not name:
            return None
        cache = self._themes
        if strategy.pk not in cache:
            cache[strategy.pk] = {t.name.lower(): t for t in strategy.themes.all()}
        themes = cache[strategy.pk]
        found = themes.get(name.lower())
        if found is None:
            known = ", ".join(sorted(t.name for t in themes.values())) or "none yet"
            reader.error(
                column,
                f"'{name}' is not a theme of {strategy.slug} (its themes: {known}); "
                "add it to the themes file or correct the name",
            )
        return found

    def approach(self, reader: RowReader, strategy: Strategy, column: str) -> Approach | None:
        name = reader.text(column)
        if not name:
            return None
        found = strategy.approaches.filter(name__iexact=name).first()
        if found is None:
            reader.error(
                column,
                f"'{name}' is not a value of {strategy.slug}; add it to the values file "
                "or correct the name",
            )
        return found

    def year(self, reader: RowReader, column: str) -> int | None:
        value = reader.integer(column)
        if value is not None and not 1900 <= value <= 2100:
            example = example_periods(timezone.localdate()).calendar_year
            reader.error(column, f"{value} is not a year; enter a year like {example}")
            return None
        return value

    # Tables ---------------------------------------------------------------
    def strategies(self, table: Table) -> None:
        self.file_errors += duplicate_rows(table, ("slug",))
        rows = []
        for row in table:
            r = self.reader(row)
            slug = r.text("slug", required=True, max_length=80)
            if slug in RESERVED_SLUGS:
                r.error("slug", f"'{slug}' is used by Roundtable's own pages; choose another slug")
            if slug and slug != slug.lower().replace(" ", "-"):
                r.error(
                    "slug", f"'{slug}' is not a slug; use lower case and hyphens, like scs-2011"
                )
            clash = Strategy.objects.filter(slug=slug).exclude(partnership=self.partnership)
            if slug and clash.exists():
                r.error("slug", f"another partnership already uses '{slug}'; choose another slug")
            values = {
                "slug": slug,
                "title": r.text("title", required=True, max_length=200),
                "short_title": r.text("short_title", max_length=80),
                "kind": r.choice("kind", StrategyKind.choices, required=False)
                or StrategyKind.OTHER,
                "start_year": self.year(r, "start_year"),
                "end_year": self.year(r, "end_year"),
                "status": r.choice("status", StrategyStatus.choices, required=False)
                or StrategyStatus.ADOPTED,
                "description": r.text("description"),
                "source": r.text("source", max_length=300),
            }
            if not years_in_order(values["start_year"], values["end_year"]):
                r.error("end_year", "the end year is before the start year; correct one of them")
            rows.append(values)
        if self.finish_file():
            for values in rows:
                _, outcome = services.save_strategy(self.actor, self.partnership, **values)
                self.forget_strategy(values["slug"])
                self.summary.count("strategies", outcome)

    def events(self, table: Table) -> None:
        self.file_errors += duplicate_rows(table, ("name", "date"))
        rows = []
        for row in table:
            r = self.reader(row)
            rows.append(
                {
                    "name": r.text("name", required=True, max_length=200),
                    "date": r.date("date", required=True),
                    "kind": r.choice("kind", EventKind.choices, required=False) or EventKind.OTHER,
                    "description": r.text("description"),
                    "source": r.text("source", max_length=300),
                }
            )
        if self.finish_file():
            for values in rows:
                _, outcome = services.save_event(self.actor, self.partnership, **values)
                self.summary.count("events", outcome)

    def _named_parts(self, table: Table, column: str, kind: str) -> None:
        self.file_errors += duplicate_rows(table, ("strategy", column))
        rows = []
        for index, row in enumerate(table, start=1):
            r = self.reader(row)
            strategy = self.strategy(r)
            name = r.text(column, required=True, max_length=200)
            order = r.integer("order")
            rows.append((strategy, name, r.text("description"), index if order is None else order))
        if self.finish_file():
            save = services.save_theme if kind == "themes" else services.save_approach
            for strategy, name, description, order in rows:
                _, outcome = save(
                    self.actor, strategy, name=name, description=description, order=order
                )
                self.summary.count(kind, outcome)

    def themes(self, table: Table) -> None:
        self._named_parts(table, "theme", "themes")

    def values(self, table: Table) -> None:
        self._named_parts(table, "value", "values")

    def priorities(self, table: Table) -> None:
        _PriorityFile(self, table).run()

    def objectives(self, table: Table) -> None:
        self.file_errors += duplicate_rows(table, ("strategy", "priority", "value", "objective"))
        rows = []
        for index, row in enumerate(table, start=1):
            r = self.reader(row)
            strategy = self.strategy(r)
            text = r.text("objective", required=True)
            order = r.integer("order")
            priority = approach = None
            if strategy is not None:
                ref = r.text("priority")
                if ref:
                    priority = strategy.priorities.filter(ref=ref).first()
                    if priority is None:
                        r.error("priority", f"there is no priority '{ref}' in {strategy.slug}")
                approach = self.approach(r, strategy, "value")
                if not ref and not r.text("value"):
                    r.error("priority", "enter the priority's ref or the value's name")
                if ref and r.text("value"):
                    r.error("value", "fill in priority or value, not both")
            # How it is measured: a column left out (or an empty cell) keeps what is stored.
            measures = r.text("measures") or None
            rows.append(
                (strategy, priority, approach, text, index if order is None else order, measures)
            )
        if self.finish_file():
            for strategy, priority, approach, text, order, measures in rows:
                _, outcome = services.save_objective(
                    self.actor,
                    strategy,
                    text=text,
                    priority=priority,
                    approach=approach,
                    order=order,
                    measures=measures,
                )
                self.summary.count("objectives", outcome)


@dataclass
class _RevisionRow:
    number: int
    strategy: Strategy
    ref: str
    theme: Theme | None
    event: Event | None
    date: datetime.date | None
    status: str
    wording: str
    note: str
    merged_into_ref: str
    areas: list | None


class _PriorityFile:
    """One priorities file: each row a revision, oldest first."""

    def __init__(self, batch: _Batch, table: Table) -> None:
        self.batch = batch
        self.table = table
        self.events = {}
        for event in Event.objects.filter(partnership=batch.partnership):
            self.events.setdefault(event.name.lower(), []).append(event)
        self.areas: dict[str, object] = {}

    def event(self, r: RowReader, day: datetime.date | None) -> Event | None:
        name = r.text("event")
        if not name:
            return None
        found = self.events.get(name.lower(), [])
        if len(found) > 1:
            found = [e for e in found if e.date == day]
        if len(found) != 1:
            r.error(
                "event",
                f"there is no event called '{name}'"
                + (" on that date" if self.events.get(name.lower()) else "")
                + "; add it to the events file or correct the name",
            )
            return None
        return found[0]

    def area_list(self, r: RowReader) -> list | None:
        from roundtable.geography.models import Area

        codes = split_codes(r.text("areas"))
        if not codes:
            return None
        missing = [c for c in codes if c not in self.areas]
        if missing:
            for area in Area.objects.filter(code__in=missing):
                self.areas[area.code] = area
        unknown = [c for c in codes if c not in self.areas]
        if unknown:
            r.error(
                "areas",
                f"there is no area with code {', '.join(repr(c) for c in unknown)}; "
                "use GSS codes or custom area codes, separated by ';'",
            )
        return [self.areas[c] for c in codes if c in self.areas]

    def parse(self) -> list[_RevisionRow]:
        rows = []
        for row in self.table:
            r = self.batch.reader(row)
            strategy = self.batch.strategy(r)
            ref = r.text("ref", required=True, max_length=30)
            day = r.date("date", required=True)
            status = r.choice("status", RevisionStatus.choices)
            theme = self.batch.theme(r, strategy, "theme") if strategy else None
            event = self.event(r, day)
            areas = self.area_list(r)
            if strategy is None or not ref or not status:
                continue
            rows.append(
                _RevisionRow(
                    number=row.number,
                    strategy=strategy,
                    ref=ref,
                    theme=theme,
                    event=event,
                    date=day,
                    status=status,
                    wording=r.text("wording"),
                    note=r.text("note"),
                    merged_into_ref=r.text("merged_into", max_length=30),
                    areas=areas,
                )
            )
        return rows

    def check_chains(self, rows: list[_RevisionRow]) -> None:
        """Walk the rows in file order, as the revisions will be recorded, checking each.

        A priorities file gives the whole history of each priority it names, so each
        row is checked against the rows before it for the same priority.
        """
        errors = self.batch.file_errors
        status_now: dict[tuple[int, str], str] = {
            (p.strategy_id, p.ref): p.status
            for p in Priority.objects.filter(strategy__partnership=self.batch.partnership)
        }
        chain: dict[tuple[int, str], list[RevisionState]] = defaultdict(list)
        theme_of: dict[tuple[int, str], tuple[int, str]] = {}
        for row in rows:
            key = (row.strategy.pk, row.ref)
            if row.theme is not None:
                first = theme_of.setdefault(key, (row.number, row.theme.name))
                if first[1] != row.theme.name:
                    errors.append(
                        RowError(
                            row.number,
                            "theme",
                            f"{row.ref} is in theme '{first[1]}' on row {first[0]}; "
                            "a priority belongs to one theme",
                        )
                    )
            previous = chain[key][-1] if chain[key] else None
            merged_key = (row.strategy.pk, row.merged_into_ref) if row.merged_into_ref else None
            if merged_key is not None and merged_key not in status_now:
                errors.append(
                    RowError(
                        row.number,
                        "merged_into",
                        f"there is no priority '{row.merged_into_ref}' in {row.strategy.slug} "
                        "before this row; give its rows first",
                    )
                )
            else:
                # The rules compare ids only to spot a priority merged into itself.
                proposed = ProposedRevision(
                    status=row.status,
                    date=row.date,
                    wording=row.wording,
                    merged_into_id=0 if merged_key else None,
                    merged_into_status=status_now.get(merged_key) if merged_key else None,
                    priority_id=0 if merged_key == key else -1,
                )
                for problem in check_revision(previous, proposed, today=timezone.localdate()):
                    errors.append(RowError(row.number, problem.field, problem.message))
            wording = next_wording(previous.wording if previous else "", row.wording)
            chain[key].append(RevisionState(row.status, wording, row.date or datetime.date.min))
            status_now[key] = row.status

    def run(self) -> None:
        rows = self.parse()
        if not self.batch.file_errors:
            self.check_chains(rows)
        if not self.batch.finish_file():
            return
        self.write(rows)

    def write(self, rows: list[_RevisionRow]) -> None:
        batch, summary = self.batch, self.batch.summary
        priorities: dict[tuple[int, str], Priority] = {
            (p.strategy_id, p.ref): p
            for p in Priority.objects.filter(strategy__partnership=batch.partnership)
        }
        position: dict[tuple[int, str], int] = defaultdict(int)
        order: dict[int, list[str]] = defaultdict(list)
        areas: dict[tuple[int, str], list] = {}
        created: set[tuple[int, str]] = set()
        for row in rows:
            key = (row.strategy.pk, row.ref)
            if row.ref not in order[row.strategy.pk]:
                order[row.strategy.pk].append(row.ref)
            merged_into = priorities.get((row.strategy.pk, row.merged_into_ref))
            position[key] += 1
            priority = priorities.get(key)
            try:
                if priority is None:
                    priority = services.add_priority(
                        batch.actor,
                        row.strategy,
                        ref=row.ref,
                        wording=row.wording,
                        date=row.date,
                        status=row.status,
                        theme=row.theme,
                        event=row.event,
                        note=row.note,
                        order=len(order[row.strategy.pk]),
                    )
                    priorities[key] = priority
                    created.add(key)
                    summary.count("priorities", services.Outcome.CREATED)
                    summary.count("revisions", services.Outcome.CREATED)
                else:
                    self._revision(priority, position[key], row, merged_into)
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    for message in messages:
                        batch.file_errors.append(RowError(row.number, field_name, message))
            if row.areas is not None:
                areas[key] = row.areas
        for key, priority in priorities.items():
            strategy_id, ref = key
            if ref not in order.get(strategy_id, []):
                continue
            theme = next((r.theme for r in rows if (r.strategy.pk, r.ref) == key and r.theme), None)
            before = (priority.theme_id, priority.order)
            services.update_priority(
                batch.actor, priority, theme=theme, order=order[strategy_id].index(ref) + 1
            )
            if before != (priority.theme_id, priority.order):
                summary.count("priorities", services.Outcome.CHANGED)
            elif key not in created:
                summary.count("priorities", services.Outcome.UNCHANGED)
            if key in areas:
                had = set(priority.target_areas.values_list("pk", flat=True))
                services.set_priority_target_areas(batch.actor, priority, areas[key])
                summary.count(
                    "target areas",
                    services.Outcome.UNCHANGED
                    if had == {a.pk for a in areas[key]}
                    else services.Outcome.CREATED
                    if not had
                    else services.Outcome.CHANGED,
                )
        if batch.file_errors:
            batch.finish_file()

    def _revision(
        self, priority: Priority, position: int, row: _RevisionRow, merged_into: Priority | None
    ) -> None:
        summary = self.batch.summary
        recorded = list(priority.revisions.order_by("sequence"))
        if position <= len(recorded):
            revision = recorded[position - 1]
            fields = {
                "date": row.date,
                "status": row.status,
                "wording": row.wording,
                "note": row.note,
                "event": row.event,
                "merged_into": merged_into,
            }
            before = {name: getattr(revision, name) for name in fields}
            services.update_priority_revision(self.batch.actor, revision, **fields)
            summary.count(
                "revisions",
                services.Outcome.CHANGED if before != fields else services.Outcome.UNCHANGED,
            )
            return
        services.record_priority_revision(
            self.batch.actor,
            priority,
            date=row.date,
            status=row.status,
            wording=row.wording,
            note=row.note,
            event=row.event,
            merged_into=merged_into,
        )
        summary.count("revisions", services.Outcome.CREATED)


def import_tables(
    tables: list[Table], partnership: Partnership, actor: User | None = None
) -> ImportSummary:
    """Import the tables (in dependency order) in one transaction; ImportFailed on any problem."""
    batch = _Batch(partnership, actor)
    known: list[tuple[str, Table]] = []
    for table in tables:
        kind = file_kind(table.filename)
        if kind is None:
            batch.errors.append(
                RowError(
                    None,
                    None,
                    "the file name must start with one of: " + ", ".join(KINDS),
                    file=table.filename,
                )
            )
            continue
        known.append((kind, table))
    known.sort(key=lambda item: KINDS.index(item[0]))
    with transaction.atomic():
        for kind, table in known:
            batch.start_file(table)
            required, optional = COLUMNS[kind]
            header_errors = check_headers(table, required, optional)
            if header_errors:
                batch.file_errors.extend(header_errors)
                batch.finish_file()
                continue
            batch.summary.files.append(table.filename)
            getattr(batch, kind)(table)
        if batch.errors:
            transaction.set_rollback(True)
            raise ImportFailed(batch.errors)
    return batch.summary


def import_strategy_file(
    source: Path | str | IO[bytes],
    partnership: Partnership,
    actor: User | None = None,
    filename: str | None = None,
) -> ImportSummary:
    """Import one strategies, events, themes, values, priorities or objectives file."""
    return import_tables([read_table(source, filename)], partnership, actor)


def import_uploads(
    uploads: list[IO[bytes]], partnership: Partnership, actor: User | None = None
) -> ImportSummary:
    """Import uploaded files (each with a `.name`) together, as the web import page does."""
    errors: list[RowError] = []
    tables = []
    for upload in uploads:
        name = getattr(upload, "name", "upload")
        try:
            tables.append(read_table(upload, name))
        except ImportFailed as exc:
            errors += [RowError(e.row, e.column, e.message, file=name) for e in exc.errors]
    if errors:
        raise ImportFailed(errors)
    return import_tables(tables, partnership, actor)


def strategy_files(directory: Path) -> list[Path]:
    """The strategy files in a directory: strategy-*.csv / strategy-*.xlsx, known kinds only."""
    return sorted(
        path
        for path in Path(directory).iterdir()
        if path.is_file()
        and path.name.lower().startswith("strategy")
        and path.suffix.lower() in {".csv", ".xlsx"}
        and file_kind(path.name) is not None
    )


def import_strategy_files(
    directory: Path, partnership: Partnership, actor: User | None = None
) -> ImportSummary:
    """Import every strategy file in `directory` (e.g. a demo partnership's data) at once."""
    errors: list[RowError] = []
    tables = []
    for path in strategy_files(directory):
        try:
            tables.append(read_table(path))
        except ImportFailed as exc:
            errors += [RowError(e.row, e.column, e.message, file=path.name) for e in exc.errors]
    if errors:
        raise ImportFailed(errors)
    return import_tables(tables, partnership, actor)
