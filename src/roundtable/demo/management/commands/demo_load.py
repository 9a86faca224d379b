from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from roundtable.core.imports import ImportFailed
from roundtable.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo partnerships (Ealing, Warwick, Westminster) from the source documents."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
        except ImportFailed as failure:
            raise CommandError("The demo data did not load:\n" + str(failure)) from None
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded. Illustrative accounts demo-admin, demo-editor, demo-member, "
                "demo-secretary (Ealing), demo-admin-warwick and demo-admin-westminster have "
                f"the password '{DEMO_PASSWORD}'."
            )
        )
