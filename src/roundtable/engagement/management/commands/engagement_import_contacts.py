from __future__ import annotations

from typing import Any

from django.utils import timezone

from roundtable.core.imports import Table
from roundtable.engagement.imports import import_contacts
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership


class Command(ImportCommand):
    help = "Import the contact log (date,from_organisation,from_unit,stakeholder,method,topic)."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_contacts(table, partnership, None, today=timezone.localdate())
