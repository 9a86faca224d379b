from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership
from roundtable.performance.imports import import_values


class Command(ImportCommand):
    help = "Import indicator figures (code,period,actual,target,estimated,note)."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_values(table, partnership, None)
