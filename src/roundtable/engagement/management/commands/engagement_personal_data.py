from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.engagement import queries, rules, services
from roundtable.engagement.models import Contact
from roundtable.partnership.queries import partnership_for_command

if TYPE_CHECKING:
    from roundtable.partnership.models import Partnership


def _problem(error: ValidationError) -> str:
    return "; ".join(m for messages in error.message_dict.values() for m in messages)


def _named(plan: services.ErasurePlan) -> str:
    """'Jane Smith', or 'Jane Smith' and its variants 'J. Smith', 'Smith, Jane'."""
    quoted = ", ".join(f"'{v}'" for v in plan.variants)
    return f"'{plan.name}'" + (f" and its variants {quoted}" if quoted else "")


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


class Command(BaseCommand):
    help = "Export or erase what the contact log holds about a named person (or list its variants)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            choices=("export", "erase"),
            help="export or erase (none with --list-variants)",
        )
        parser.add_argument("--name", required=True, help="The person's name, e.g. 'Jane Smith'")
        parser.add_argument(
            "--contains",
            action="store_true",
            help="Also entries naming anyone whose name contains it (default: the exact name)",
        )
        parser.add_argument(
            "--list-variants",
            action="store_true",
            help="List the other ways the log writes the name (as the web page offers them), "
            "with how many entries write each; change nothing",
        )
        parser.add_argument(
            "--variant",
            action="append",
            default=[],
            metavar="TEXT",
            help="Also a variant --list-variants lists, as a whole (repeatable; default: none)",
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
            name = rules.clean_name(options["name"])
        except ValueError as error:
            raise CommandError(f"--{error}") from None
        if options["list_variants"]:
            self._list_variants(partnership, name)
            return
        if options["action"] is None:
            raise CommandError("Say export or erase, or list the variants with --list-variants")
        variants = self._chosen(partnership, name, options["variant"])
        try:
            plan = services.plan_erasure(partnership, name, contains=contains, variants=variants)
        except ValidationError as error:
            raise CommandError(f"--{_problem(error)}") from None
        if options["action"] == "export":
            self._export(plan, options["output"])
            return
        if not options["yes"]:
            self.stdout.write(
                f"Would erase {_named(plan)} from {_entries(len(plan.entries))} and "
                f"{plan.history_rows} earlier versions of {partnership.name}'s contact log. "
                "Run again with --yes to erase (it cannot be undone)."
            )
            return
        done = services.erase_personal_data(
            None,
            partnership,
            name=plan.name,
            contains=contains,
            variants=plan.variants,
            check=False,
        )
        self.stdout.write(
            f"Erased the name from {_entries(done.entries)} "
            f"and {done.history_rows} earlier versions; the erasure is recorded without it."
        )

    def _list_variants(self, partnership: Partnership, name: str) -> None:
        """The variants the personal data page would offer, with how many entries
        write each (the whole log: the command is not anybody in particular)."""
        contacts = Contact.objects.all()
        offered = queries.offered_variants(contacts, partnership.pk, name)
        if not offered:
            self.stdout.write(f"{partnership.name}'s contact log writes no other form of '{name}'.")
            return
        counts = queries.entries_writing_each(contacts, partnership.pk, offered)
        self.stdout.write(
            f"Other ways {partnership.name}'s contact log writes '{name}' "
            "(add any with --variant TEXT):"
        )
        for variant in offered:
            self.stdout.write(f"  {variant}  ({_entries(counts[variant])})")

    def _chosen(self, partnership: Partnership, name: str, chosen: list[str]) -> list[str]:
        """The --variant values, each one the page would offer; CommandError otherwise."""
        if not chosen:
            return []
        offered = queries.offered_variants(Contact.objects.all(), partnership.pk, name)
        try:
            return rules.chosen_variants(name, chosen, offered)
        except ValueError as error:
            raise CommandError(f"--{error}") from None

    def _export(self, plan: services.ErasurePlan, output: str | None) -> None:
        csv = bool(output) and output.lower().endswith(".csv")
        content = queries.personal_data_export(plan.entries, "csv" if csv else "json")
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(
                f"Wrote {_entries(len(plan.entries))} naming {_named(plan)} to {output}"
            )
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
