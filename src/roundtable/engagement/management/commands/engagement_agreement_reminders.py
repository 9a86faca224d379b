from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from roundtable.engagement.reminders import review_reminders
from roundtable.partnership.commands import day_option, partnership_id_option


class Command(BaseCommand):
    help = "Email the keepers of agreements due for review within a month (run it daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The day to count from, YYYY-MM-DD (default: today)")
        parser.add_argument("--partnership", help="Only this partnership's agreements (its slug)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership_id = partnership_id_option(options["partnership"])
        today = day_option(options["on"], "--on")
        dry_run = options["dry_run"]
        run = review_reminders(today, partnership_id=partnership_id, dry_run=dry_run)
        sent = skipped = 0
        for reminder in run.reminders:
            if reminder.already_sent:
                skipped += 1
                self.stdout.write(f"Already sent: {reminder.describe()}")
            elif dry_run:
                sent += 1
                self.stdout.write(f"Would send to {reminder.describe()}")
            else:
                sent += 1
                self.stdout.write(f"Sent to {reminder.describe()}")
        for agreement in run.unreachable:
            self.stdout.write(
                f"Nobody to remind of {agreement.title} "
                f"(review {agreement.review_date:%-d %B %Y}): "
                f"no active editor of {agreement.lead_organisation.name} or administrator of "
                f"{agreement.partnership.name} has an email address."
            )
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(
            f"{today:%-d %B %Y}: {sent} review reminders {verb}; "
            f"{skipped} already sent for the same review date."
        )
