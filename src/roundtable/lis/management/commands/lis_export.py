"""`roundtable lis export --dataset SLUG --format csv|xlsx|datapackage|jsonstat --output PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from roundtable.core.dates import example_periods
from roundtable.lis import exports, queries
from roundtable.lis.models import Dataset

OPTIONS = {"indicator": "--indicator", "area_type": "--area-type", "within": "--within"}


class Command(BaseCommand):
    help = "Export a dataset's statistics as CSV, XLSX, a Data Package or JSON-stat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dataset", required=True, help="The dataset's slug")
        parser.add_argument(
            "--format", required=True, help="csv, xlsx, datapackage or jsonstat", dest="fmt"
        )
        parser.add_argument(
            "--output",
            required=True,
            help="The file to write; a Data Package is a folder, or a zip when PATH ends in .zip",
        )
        parser.add_argument(
            "--indicator",
            action="append",
            default=[],
            help="Only this indicator's figures (its code); repeat for several",
        )
        parser.add_argument("--area-type", default="", help="Only areas of this type, like lsoa")
        parser.add_argument(
            "--within", default="", help="Only areas inside this area (a GSS code), at any depth"
        )
        examples = example_periods(timezone.localdate())
        parser.add_argument(
            "--period",
            default="",
            help=f"Only this period, like {examples.calendar_year} or {examples.financial_year}",
        )
        parser.add_argument(
            "--include-held",
            action="store_true",
            help="Allow a dataset held by a partner, not published (suppressed figures still "
            "left out)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["fmt"].strip().lower()
        if fmt not in exports.FORMATS:
            raise CommandError(
                f"--format: {options['fmt']} is not an export format; "
                f"use {', '.join(exports.FORMATS)}"
            )
        dataset = (
            Dataset.objects.select_related("publisher").filter(slug=options["dataset"]).first()
        )
        if dataset is None:
            raise CommandError(
                f"--dataset: no dataset has the slug {options['dataset']}; "
                "the data catalogue lists them"
            )
        if not dataset.published and not options["include_held"]:
            raise CommandError(
                f"--dataset: {dataset.slug} is held by a partner, not published; add "
                "--include-held to export it for the partnership (suppressed figures are "
                "still left out)"
            )
        # A held dataset exported for its partnership: every indicator's figures.
        viewer = None if options["include_held"] and not dataset.published else AnonymousUser()
        try:
            selection = queries.check_selection(
                dataset,
                viewer,
                options["indicator"],
                options["area_type"],
                options["within"],
                options["period"],
            )
        except queries.SelectionInvalid as invalid:
            raise CommandError(
                "\n".join(f"{OPTIONS.get(o, '--' + o)}: {m}" for o, m in invalid.problems)
            ) from None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"--output: the folder {output.parent} does not exist")
        if output.is_dir() and not (fmt == "datapackage" and output.suffix.lower() != ".zip"):
            raise CommandError(f"--output: {output} is a folder; name a file")
        if fmt == "datapackage" and output.suffix.lower() != ".zip" and output.is_file():
            raise CommandError(
                f"--output: {output} is a file; name a folder, or a path ending in .zip"
            )
        homepage = settings.ROUNDTABLE_SITE_URL.rstrip("/") + dataset.get_absolute_url()
        table = exports.build_table(
            dataset, selection, viewer, homepage=homepage, created=timezone.now()
        )
        exports.write_export(table, fmt, output)
        rows = len(table.rows)
        self.stdout.write(
            f"Wrote {rows:,} observation{'s' * (rows != 1)} of "
            f"{len(table.indicators)} indicator{'s' * (len(table.indicators) != 1)} "
            f"({fmt}) to {output}"
        )
