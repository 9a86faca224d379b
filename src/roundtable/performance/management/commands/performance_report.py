from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.core.dates import example_periods
from roundtable.partnership.queries import partnership_for_command
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report
from roundtable.performance.report import report_json

FORMATS = ("json", "html", "pdf", "xlsx")


class Command(BaseCommand):
    help = "Write the performance report for a period as JSON, HTML, PDF or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        example = example_periods(timezone.localdate()).quarter
        parser.add_argument("--period", required=True, help=f'The report period, e.g. "{example}"')
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output")
        parser.add_argument("--partnership", help="The partnership's slug (if there are several)")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Only public indicators and approved figures, as the public sees them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            partnership = partnership_for_command(options["partnership"])
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = build_report(partnership, period, public=options["public"])
        content = self.render(report, options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {options['format'].upper()} report to {options['output']}")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    def render(self, report: Any, fmt: str) -> bytes:
        if fmt == "json":
            return (json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n").encode()
        from roundtable.performance import renderers

        if fmt == "pdf":
            return renderers.render_pdf(report)
        if fmt == "xlsx":
            return renderers.render_xlsx(report)
        return renderers.render_html_document(report).encode()
