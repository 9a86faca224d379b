"""`roundtable geography postcode "W5 2HL"`: which areas a postcode is in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.geography.queries import lookup_postcode


class Command(BaseCommand):
    help = "Show the local authority, ward, MSOA and LSOA a postcode is in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("postcode", nargs="+", help="a postcode, like W5 2HL")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = " ".join(options["postcode"])
        try:
            postcode = lookup_postcode(raw)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(postcode.postcode)
        for label, area in (
            ("Local authority", postcode.local_authority),
            ("Ward", postcode.ward),
            ("MSOA", postcode.msoa),
            ("LSOA", postcode.lsoa),
        ):
            self.stdout.write(
                f"{label + ':':17}{area.name} ({area.code})"
                if area
                else f"{label + ':':17}(not known)"
            )
