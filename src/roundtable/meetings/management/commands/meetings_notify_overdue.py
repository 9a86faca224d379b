from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from roundtable.meetings.notify import overdue_reminders
from roundtable.partnership.commands import day_option, partnership_id_option


class Command(BaseCommand):
    help = "Email each owner their overdue actions (once a day; run it daily from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing"
        )
        parser.add_argument("--partnership", help="Only this partnership's actions (its slug)")
        parser.add_argument(
            "--date", help="The day to count overdue from, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        partnership_id = partnership_id_option(options["partnership"])
        today = day_option(options["date"], "--date")
        dry_run = options["dry_run"]
        reminders = overdue_reminders(today, partnership_id=partnership_id, dry_run=dry_run)
        sent = skipped = unreachable = 0
        for reminder in reminders:
            if reminder.recipient is None:
                unreachable += 1
                self.stdout.write(f"Not sent (no email address): {reminder.describe()}")
            elif reminder.already_sent:
                skipped += 1
                self.stdout.write(f"Already sent today: {reminder.describe()}")
            elif dry_run:
                self.stdout.write(f"Would send to {reminder.describe()}")
                for action in reminder.actions:
                    self.stdout.write(f"  - {action.description} (due {action.due:%-d %B %Y})")
            else:
                sent += 1
                self.stdout.write(f"Sent to {reminder.describe()}")
        verb = "would be sent" if dry_run else "sent"
        count = len(reminders) - skipped - unreachable if dry_run else sent
        self.stdout.write(
            f"{today:%-d %B %Y}: {count} reminders {verb}; {skipped} already sent today; "
            f"{unreachable} owners with no email address."
        )
