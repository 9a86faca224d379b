from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.queries import partnership_for_command
from roundtable.projects.imports import import_projects


class Command(BaseCommand):
    help = "Import projects (title,lead_organisation,status,start,end,...) from CSV or XLSX."

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
            table = read_table(options["file"])
            summary = import_projects(table, partnership, None)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors)} problems:\n{failure}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")
