from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.imports import IMPORTERS, detect_kind, import_table
from roundtable.partnership.models import Partnership


class Command(BaseCommand):
    help = "Import organisations, units, people, bodies, terms of reference or memberships."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument(
            "--kind",
            choices=sorted(IMPORTERS),
            help="What the file holds (default: worked out from its columns)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No partnership '{options['partnership']}' (known: {known})")
        try:
            table = read_table(options["file"])
            kind = options["kind"] or detect_kind(table)
            if kind is None:
                raise CommandError(
                    "The columns do not match any kind of record; say which with --kind"
                )
            summary = import_table(kind, table, partnership, None)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors)} problems:\n{failure}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")
