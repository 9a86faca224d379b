from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.engagement.imports import import_consultations
from roundtable.partnership.queries import partnership_for_command


class Command(BaseCommand):
    help = (
        "Import the consultation register (title,lead_organisation,opens,closes,status; "
        "optional audience,areas,url,method)."
    )

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
            summary = import_consultations(read_table(options["file"]), partnership, None)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors)} problems:\n{failure}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")
