from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.engagement.digest import DEFAULT_DAYS, weekly_digests
from roundtable.partnership.commands import day_option, partnership_id_option


class Command(BaseCommand):
    help = "Email each relationship manager a digest of their stakeholders' week (run weekly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The digest's last day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--days", default=str(DEFAULT_DAYS), help="Days of contacts to list (default: 7)"
        )
        parser.add_argument("--partnership", help="Only this partnership's managers (its slug)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership_id = partnership_id_option(options["partnership"])
        on = day_option(options["on"], "--on")
        days = options["days"]
        if not days.isdigit() or int(days) < 1:
            raise CommandError(f"--days: enter a number of days of at least 1, like 7 (not {days})")
        dry_run = options["dry_run"]
        digests = weekly_digests(on, days=int(days), partnership_id=partnership_id, dry_run=dry_run)
        sent = skipped = unreachable = 0
        for digest in digests:
            if not digest.email:
                unreachable += 1
                self.stdout.write(f"Not sent (no email address): {digest.describe()}")
            elif digest.already_sent:
                skipped += 1
                self.stdout.write(f"Already sent this week: {digest.describe()}")
            elif dry_run:
                sent += 1
                self.stdout.write(f"Would send to {digest.describe()}")
            else:
                sent += 1
                self.stdout.write(f"Sent to {digest.describe()}")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(
            f"Week of {on:%-d %B %Y}: {sent} digest{'s' if sent != 1 else ''} {verb}; "
            f"{skipped} already sent this week; {unreachable} managers with no email address."
        )
