"""`roundtable lis import FILE --dataset SLUG`: statistics from a tidy CSV or XLSX file."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed
from roundtable.lis.import_writes import Progress
from roundtable.lis.imports import DatasetOptions, import_observations, too_many
from roundtable.partnership.queries import partnership_for_command


def progress_bar(stream: Any) -> Progress | None:
    """A progress bar written to `stream` when it is a terminal; None otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,} of {total:,} rows")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Import statistics (indicator,area_code,period,value or count+denominator,…)."
    # Django's system checks load every URL, view and API schema of the project
    # (about 1 CPU second, as long as importing a small file): none of that is used
    # here. `roundtable check` and every server start still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument("--dataset", required=True, help="The dataset's slug; created if new")
        parser.add_argument("--title", default="", help="The dataset's title")
        parser.add_argument("--publisher", default="", help="The partner that publishes it")
        parser.add_argument("--licence", default="", help="An SPDX id (default OGL-UK-3.0)")
        parser.add_argument(
            "--suppress-below",
            type=int,
            default=None,
            help="Suppress counts from 1 up to this number less one (default 5)",
        )
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        dataset = DatasetOptions(
            slug=options["dataset"],
            title=options["title"],
            publisher=options["publisher"],
            licence=options["licence"],
            suppress_below=options["suppress_below"],
        )
        try:
            summary = import_observations(
                options["file"], partnership, dataset, progress=progress_bar(sys.stderr)
            )
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors):,} problems:\n"
                f"{too_many(failure.errors)}"
            ) from None
        self.stdout.write(f"Imported {summary}")
