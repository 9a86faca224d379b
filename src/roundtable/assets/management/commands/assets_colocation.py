from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.assets import queries_colocation as queries
from roundtable.assets.colocation import (
    DEFAULT_LEASE_MONTHS,
    DEFAULT_UTILISATION_BELOW,
    DEFAULT_WITHIN_M,
    Options,
    check_options,
)
from roundtable.core.exports import write_csv
from roundtable.partnership.commands import iso_day_option
from roundtable.partnership.queries import partnership_for_command

COLUMNS = (
    "group",
    "name",
    "owner",
    "postcode",
    "utilisation",
    "lease_end",
    "max_distance_m",
    "owners",
    "operating_cost",
)


def _whole(text: str | None, default: int, option: str, example: str) -> int:
    if text is None:
        return default
    if not text.strip().isdigit():
        raise CommandError(f"{option}: enter a whole number, like {example} (not {text})")
    return int(text)


def _percent(text: str | None) -> Decimal:
    if text is None:
        return DEFAULT_UTILISATION_BELOW
    try:
        value = Decimal(text.strip().removesuffix("%"))
    except InvalidOperation:
        raise CommandError(
            f"--utilisation-below: enter a percentage from 0 to 100, like 50 (not {text})"
        ) from None
    if not value.is_finite():
        raise CommandError(f"--utilisation-below: enter a percentage from 0 to 100 (not {text})")
    return value


def csv_rows(groups: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per asset of a group, numbered by group; the group's figures repeat."""
    rows: list[list[Any]] = [list(COLUMNS)]
    for number, group in enumerate(groups, start=1):
        for asset in group["assets"]:
            rows.append(
                [
                    number,
                    asset["name"],
                    asset["owner"],
                    asset["postcode"],
                    "" if asset["utilisation"] is None else asset["utilisation"],
                    asset["lease_end"] or "",
                    group["max_distance_m"],
                    "; ".join(group["owners"]),
                    "" if group["operating_cost"] is None else group["operating_cost"],
                ]
            )
    return rows


class Command(BaseCommand):
    help = "List groups of partners' assets close enough to share, by what one move saves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within-m", help=f"Metres between buildings (default: {DEFAULT_WITHIN_M})"
        )
        parser.add_argument(
            "--utilisation-below",
            help=f"Under-used below this percentage (default: {DEFAULT_UTILISATION_BELOW})",
        )
        parser.add_argument(
            "--lease-ends-within-months",
            help=f"Leases ending within this many months (default: {DEFAULT_LEASE_MONTHS})",
        )
        parser.add_argument("--on", help="Count leases from this day, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=("json", "csv"), required=True)
        parser.add_argument("--output", help="Write to this file instead of standard output")
        parser.add_argument("--partnership", help="The partnership's slug (if there are several)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        within = _whole(options["within_m"], DEFAULT_WITHIN_M, "--within-m", "500")
        below = _percent(options["utilisation_below"])
        months = _whole(
            options["lease_ends_within_months"],
            DEFAULT_LEASE_MONTHS,
            "--lease-ends-within-months",
            "12",
        )
        problems = check_options(within, below, months)
        if problems:
            names = {
                "Within": "--within-m",
                "Utilisation below": "--utilisation-below",
                "Lease ends within": "--lease-ends-within-months",
            }
            first = problems[0]
            label, _, rest = first.partition(":")
            raise CommandError(f"{names[label]}:{rest}")
        on = iso_day_option(options["on"], "--on")
        # Read as the partnership's administrators read: every asset of the
        # partnership, its figures included, and nothing of another partnership.
        finding = queries.find(
            queries.administrator_of(partnership),
            partnership,
            Options(within_m=within, utilisation_below=below, lease_months=months),
            on,
        )
        groups = [queries.group_as_dict(g) for g in finding.groups]
        if options["format"] == "json":
            content = (json.dumps(groups, indent=2, ensure_ascii=False) + "\n").encode()
        else:
            content = write_csv(csv_rows(groups))
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(
                f"Wrote {len(groups)} group{'s' if len(groups) != 1 else ''} of "
                f"{finding.assets} assets within {within} m to {options['output']}"
                + (f"; {finding.unlocated} with no location left out" if finding.unlocated else "")
            )
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
