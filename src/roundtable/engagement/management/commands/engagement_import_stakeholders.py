from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.engagement.imports import import_stakeholders
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership


class Command(ImportCommand):
    help = "Import the stakeholder register (organisation,sector,interest,influence,modes,...)."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_stakeholders(table, partnership, None)
