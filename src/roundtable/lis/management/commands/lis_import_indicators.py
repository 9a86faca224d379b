"""`roundtable lis import-indicators FILE`: the LIS indicator library from a CSV or XLSX file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.lis.imports import import_indicators, too_many
from roundtable.partnership.queries import partnership_for_command


class Command(BaseCommand):
    help = "Import LIS indicators (code,name,value_type,polarity[,multiplier,unit,…])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            summary = import_indicators(read_table(options["file"]), partnership)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors):,} problems:\n"
                f"{too_many(failure.errors)}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")
