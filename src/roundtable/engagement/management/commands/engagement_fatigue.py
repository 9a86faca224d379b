from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.exports import write_csv
from roundtable.engagement.models import Contact
from roundtable.engagement.queries import Contacted, most_contacted, settings_for
from roundtable.partnership.commands import iso_day_option
from roundtable.partnership.queries import partnership_for_command

COLUMNS = (
    "stakeholder",
    "contacts",
    "teams",
    "organisations",
    "from",
    "to",
    "relationship_manager",
)


def as_row(found: Contacted) -> dict[str, Any]:
    f = found.fatigue
    return {
        "stakeholder": found.stakeholder,
        "contacts": f.contacts,
        "teams": f.teams,
        "organisations": f.organisations,
        "from": f.start.isoformat(),
        "to": f.end.isoformat(),
        "relationship_manager": found.relationship_manager,
    }


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError
    return int(text)


class Command(BaseCommand):
    help = "List the stakeholders contacted at or over the threshold in the window."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--window", help="Days in the window (default: the partnership's)")
        parser.add_argument("--threshold", help="Contacts to flag (default: the partnership's)")
        parser.add_argument("--on", help="The window's last day, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=("json", "csv"), required=True)
        parser.add_argument("--output", help="Write to this file instead of standard output")
        parser.add_argument("--partnership", help="The partnership's slug (if there are several)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        found = settings_for(partnership.pk)
        window, threshold = found.fatigue_window_days, found.fatigue_threshold
        try:
            if options["window"] is not None:
                window = _positive(options["window"])
        except ValueError:
            raise CommandError("--window: enter a number of days of at least 1, like 30") from None
        try:
            if options["threshold"] is not None:
                threshold = _positive(options["threshold"])
        except ValueError:
            raise CommandError(
                "--threshold: enter a number of contacts of at least 1, like 3"
            ) from None
        on = iso_day_option(options["on"], "--on")
        # The whole log of the partnership: the command is run by its operators.
        rows = [
            as_row(c)
            for c in most_contacted(
                Contact.objects.filter(partnership=partnership),
                on=on,
                window_days=window,
                threshold=threshold,
            )
        ]
        if options["format"] == "json":
            content = (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode()
        else:
            content = write_csv([COLUMNS, *([str(r[c]) for c in COLUMNS] for r in rows)])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(
                f"Wrote {len(rows)} stakeholder{'s' if len(rows) != 1 else ''} at or over "
                f"{threshold} contacts in the {window} days to {on} to {options['output']}"
            )
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
