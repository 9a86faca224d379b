from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership
from roundtable.projects.imports import import_projects


class Command(ImportCommand):
    help = "Import projects (title,lead_organisation,status,start,end,...) from CSV or XLSX."

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_projects(table, partnership, None)
