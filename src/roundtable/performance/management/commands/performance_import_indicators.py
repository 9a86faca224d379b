from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership
from roundtable.performance.imports import import_indicators


class Command(ImportCommand):
    help = "Import indicators (code,name,theme,polarity,frequency,unit,cumulative,…)."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_indicators(table, partnership, None)
