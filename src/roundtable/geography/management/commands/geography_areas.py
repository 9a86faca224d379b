"""`roundtable geography areas FILE --partnership SLUG`: import custom areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.geography.models import Area
from roundtable.geography.services import import_custom_areas


class Command(BaseCommand):
    help = "Import a partnership's custom areas from a CSV or XLSX (code, name, components)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV or XLSX with code, name, components")
        parser.add_argument("--partnership", required=True, help="slug of the partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        # Partnerships sit on a higher layer than geography (pyproject.toml), so
        # reach them through the custom area's own foreign key, not an import.
        Partnership = Area._meta.get_field("partnership").related_model

        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            slugs = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(
                f"No partnership has the slug '{options['partnership']}' (known: {slugs})"
            )
        try:
            result = import_custom_areas(read_table(options["file"]), partnership, actor=None)
        except ImportFailed as exc:
            raise CommandError(
                f"Nothing was imported; fix these problems in {options['file']}:\n{exc}"
            ) from None
        self.stdout.write(
            f"Imported {len(result.areas)} custom areas for {partnership.name}: "
            f"{result.created} created, {result.updated} changed, {result.unchanged} unchanged."
        )
