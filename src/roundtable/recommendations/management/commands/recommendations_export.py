from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.core.exports import append_row, write_csv
from roundtable.partnership.queries import partnership_for_command
from roundtable.recommendations.models import Review
from roundtable.recommendations.queries import ExportRow, export_rows

FORMATS = ("json", "csv", "xlsx")
CSV_COLUMNS = (
    "review",
    "section",
    "number",
    "recommendation",
    "response",
    "outline_response",
    "lead",
    "supporting",
    "status",
    "last_update",
    "priorities",
    "indicators",
    "bodies",
)


def _flat(row: ExportRow) -> list[str]:
    return [
        row["review"],
        row["section"],
        row["number"],
        row["text"],
        row["response"],
        row["outline_response"],
        row["lead"],
        "; ".join(row["supporting"]),
        row["status"],
        row["last_update"] or "",
        "; ".join(row["priorities"]),
        "; ".join(row["indicators"]),
        "; ".join(row["bodies"]),
    ]


def render(rows: list[ExportRow], fmt: str) -> bytes:
    """The export in `fmt`; CSV and XLSX use the import's columns, so they re-import.
    Text that a spreadsheet would run as a formula is neutralised (core.exports)."""
    if fmt == "json":
        return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "csv":
        return write_csv([CSV_COLUMNS, *(_flat(row) for row in rows)])
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    sheet.append(CSV_COLUMNS)
    for row in rows:
        append_row(sheet, _flat(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Export recommendations with their response and status as JSON, CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--review", help="Only this review (its title)")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", help="Write to this file instead of standard output")
        parser.add_argument("--partnership", help="The partnership's slug (if there are several)")
        parser.add_argument(
            "--public", action="store_true", help="Only what the public tracker shows"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        title = options["review"]
        if title and not Review.objects.filter(partnership=partnership, title__iexact=title):
            known = "; ".join(
                Review.objects.filter(partnership=partnership).values_list("title", flat=True)
            )
            raise CommandError(
                f"No review '{title}' in {partnership.name} (known: {known or 'none'})"
            )
        content = render(
            export_rows(partnership, title, public=options["public"]), options["format"]
        )
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {options['format'].upper()} export to {options['output']}")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
