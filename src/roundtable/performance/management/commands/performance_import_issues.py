from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership
from roundtable.performance.imports import import_data_issues


class Command(ImportCommand):
    help = (
        "Import data issues (code,issue,kind,recommended_decision,board_decision,status,raised_on)."
    )

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_data_issues(table, partnership, None)
