"""`roundtable strategy import FILE… --partnership SLUG`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.models import Partnership
from roundtable.strategy.importers import import_strategy_files, import_tables


class Command(BaseCommand):
    help = "Import strategies, themes, values, events, priorities and objectives from CSV/XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="FILE",
            help="strategy files (strategies, events, themes, values, priorities, objectives), "
            "or a directory of strategy-*.csv/xlsx files",
        )
        parser.add_argument("--partnership", required=True, help="the partnership's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership '{options['partnership']}'.")
        paths = [Path(p) for p in options["paths"]]
        try:
            if len(paths) == 1 and paths[0].is_dir():
                summary = import_strategy_files(paths[0], partnership)
            else:
                summary = import_tables([read_table(p) for p in paths], partnership)
        except ImportFailed as exc:
            lines = "\n".join(f"  {error}" for error in exc.errors)
            raise CommandError(f"Nothing was imported. Fix these problems:\n{lines}") from None
        self.stdout.write(f"Imported {', '.join(summary.files) or 'nothing'} into {partnership}:")
        for line in summary.lines():
            self.stdout.write(f"  {line}")
