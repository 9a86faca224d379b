"""`roundtable lis publish-performance`: republish the approved figures of the
partnership's indicators marked for the LIS (`lis.performance_feed`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.imports import ImportFailed
from roundtable.lis.imports import too_many
from roundtable.lis.performance_feed import publish_performance_figures
from roundtable.partnership.queries import partnership_for_command


class Command(BaseCommand):
    help = "Publish the approved figures of indicators marked for the LIS on the LIS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--partnership", help="The partnership's slug (needed when there are several)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            summary = publish_performance_figures(partnership)
        except ImportFailed as failure:
            raise CommandError(
                f"Nothing was published. Fix these {len(failure.errors):,} problems:\n"
                f"{too_many(failure.errors)}"
            ) from None
        self.stdout.write(f"{partnership.name}: {summary}")
