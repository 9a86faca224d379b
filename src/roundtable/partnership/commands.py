"""What every `roundtable <app> import…` command shares: a FILE (CSV or XLSX) and
`--partnership SLUG`, all rows or none, every problem listed by row and column,
and one line saying what was imported. And the options the sending commands
(reminders, digests) share: `--partnership SLUG` to send one partnership's only,
and the day to count from."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.core.dates import example_date_iso
from roundtable.core.imports import ImportFailed, Table, parse_date, read_table
from roundtable.partnership.models import Partnership
from roundtable.partnership.queries import partnership_for_command


class ImportCommand(BaseCommand):
    """Subclasses say what the file holds (`help`) and import it (`run_import`)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )

    # Each subclass defines it: import the table into the partnership (as the system,
    # not a user) and say what was imported, in words; ImportFailed when any row is
    # refused. Declared, not defined, so a command without one fails at once.
    run_import: Callable[[Table, Partnership, dict[str, Any]], Any]

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            summary = self.run_import(read_table(options["file"]), partnership, options)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors)} problems:\n{failure}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")


def partnership_id_option(slug: str | None) -> int | None:
    """The partnership `--partnership SLUG` names, by id; None when not given (every
    partnership). A slug that names none stops the command with a message."""
    if not slug:
        return None
    try:
        return partnership_for_command(slug).pk
    except ValueError as error:
        raise CommandError(str(error)) from None


def day_option(value: str | None, option: str) -> datetime.date:
    """The day an option like `--on 2026-03-27` gives (as a form takes it: ISO, with
    slashes or in words); today when it is not given. Its error gives an example
    worked out today (`core.dates`: the 16th of last month)."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        return parse_date(value)
    except ValueError:
        raise CommandError(
            f"{option} '{value}' is not a date; enter a date like "
            f"{example_date_iso(today, past=True)}"
        ) from None


def iso_day_option(value: str | None, option: str) -> datetime.date:
    """The day an option like `--on 2026-03-31` gives, in ISO only (YYYY-MM-DD); today
    when it is not given. Its error gives an example worked out today."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: enter a date like {example_date_iso(today, past=True)} (not {value})"
        ) from None
