from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.assets.imports import import_assets
from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.queries import partnership_for_command


class Command(BaseCommand):
    help = (
        "Import one partner's assets (name,address,postcode,current_use,tenure; optional "
        "public_access,landlord,lease_start,lease_end,capacity,utilisation,market_value,"
        "rateable_value,condition,operating_cost,notes,public)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument(
            "--owner",
            required=True,
            help="The organisation whose assets these are (its name or short name)",
        )
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Mark the assets' figures as made up (labelled 'illustrative' where shown)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            summary = import_assets(
                read_table(options["file"]),
                partnership,
                options["owner"],
                None,
                is_illustrative=True if options["illustrative"] else None,
            )
        except ImportFailed as failure:
            count = len(failure.errors)
            what = "this problem" if count == 1 else f"these {count} problems"
            raise CommandError(f"Nothing was imported. Fix {what}:\n{failure}") from None
        self.stdout.write(f"Imported {summary} of {options['owner']} into {partnership.name}")
