from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.models import Organisation
from roundtable.partnership.queries import partnership_for_command
from roundtable.recommendations.imports import import_recommendations
from roundtable.recommendations.rules import MappingError, name_key, parse_mapping


class Command(BaseCommand):
    help = "Import a recommendations tracker (review,section,number,recommendation,response,...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A CSV or XLSX file; the first row holds column names")
        parser.add_argument(
            "--organisation", help="The organisation whose units the lead and supporting name"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="VALUE=CATEGORY",
            help='Read a response value as a category, e.g. --map "Mark in progress=wip"',
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="Create unknown lead and supporting units under --organisation, not report them",
        )
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
            mapping = parse_mapping(options["map"])
        except (ValueError, MappingError) as error:
            raise CommandError(str(error)) from None
        organisation = None
        if options["organisation"]:
            wanted = name_key(options["organisation"])
            organisation = next(
                (
                    org
                    for org in Organisation.objects.filter(partnership=partnership)
                    if wanted in (name_key(org.name), name_key(org.short_name))
                ),
                None,
            )
            if organisation is None:
                raise CommandError(
                    f"No organisation '{options['organisation']}' in {partnership.name}; "
                    "check the name or add the organisation first"
                )
        try:
            summary = import_recommendations(
                read_table(options["file"]),
                partnership,
                None,
                organisation=organisation,
                mapping=mapping,
                create_units=options["create_units"],
            )
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was imported. Fix these {len(failure.errors)} problems:\n{failure}"
            ) from None
        self.stdout.write(f"Imported {summary} into {partnership.name}")
