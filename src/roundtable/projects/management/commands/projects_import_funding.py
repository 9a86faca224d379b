from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership
from roundtable.projects.imports_funding import import_funding


class Command(ImportCommand):
    help = (
        "Import the funding pipeline (project,source,kind,organisation,amount,financial_year,"
        "status; optional decided_on,meeting,notes)."
    )

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_funding(table, partnership, None)
