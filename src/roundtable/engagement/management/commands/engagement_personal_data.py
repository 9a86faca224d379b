from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.engagement import queries, services
from roundtable.partnership.queries import partnership_for_command


def _problem(error: ValidationError) -> str:
    return "; ".join(m for messages in error.message_dict.values() for m in messages)


class Command(BaseCommand):
    help = "Export or erase what the contact log holds about a named person."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("export", "erase"))
        parser.add_argument("--name", required=True, help="The person's name, e.g. 'Jane Smith'")
        parser.add_argument(
            "--contains",
            action="store_true",
            help="Also entries naming anyone whose name contains it (default: the exact name)",
        )
        parser.add_argument("--partnership", help="The partnership's slug (if there are several)")
        parser.add_argument(
            "--output", help="export: write to this file (.csv for CSV, else JSON), not stdout"
        )
        parser.add_argument("--yes", action="store_true", help="erase: do it (no question asked)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        contains = options["contains"]
        try:
            plan = services.plan_erasure(partnership, options["name"], contains=contains)
        except ValidationError as error:
            raise CommandError(f"--{_problem(error)}") from None
        if options["action"] == "export":
            self._export(plan, options["output"])
            return
        n = len(plan.entries)
        if not options["yes"]:
            self.stdout.write(
                f"Would erase '{plan.name}' from {n} entr{'y' if n == 1 else 'ies'} and "
                f"{plan.history_rows} earlier versions of {partnership.name}'s contact log. "
                "Run again with --yes to erase (it cannot be undone)."
            )
            return
        done = services.erase_personal_data(
            None, partnership, name=plan.name, contains=contains, check=False
        )
        self.stdout.write(
            f"Erased the name from {done.entries} entr{'y' if done.entries == 1 else 'ies'} "
            f"and {done.history_rows} earlier versions; the erasure is recorded without it."
        )

    def _export(self, plan: services.ErasurePlan, output: str | None) -> None:
        csv = bool(output) and output.lower().endswith(".csv")
        content = queries.personal_data_export(plan.entries, "csv" if csv else "json")
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(f"Wrote {len(plan.entries)} entries naming '{plan.name}' to {output}")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
