from __future__ import annotations

from pathlib import Path
from typing import Any

from roundtable.core.imports import Table
from roundtable.meetings.imports import import_actions
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership


class Command(ImportCommand):
    help = "Import actions (body,meeting_date,action,owner,owner_organisation,due,status)."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_actions(table, partnership, None, source=Path(options["file"]).name)
