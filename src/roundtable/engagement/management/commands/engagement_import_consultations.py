from __future__ import annotations

from typing import Any

from roundtable.core.imports import Table
from roundtable.engagement.imports import import_consultations
from roundtable.partnership.commands import ImportCommand
from roundtable.partnership.models import Partnership


class Command(ImportCommand):
    help = (
        "Import the consultation register (title,lead_organisation,opens,closes,status; "
        "optional audience,areas,url,method)."
    )

    def run_import(self, table: Table, partnership: Partnership, options: dict[str, Any]) -> Any:
        return import_consultations(table, partnership, None)
