from __future__ import annotations

from roundtable.performance.imports import import_data_issues
from roundtable.performance.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import data issues (code,issue,kind,recommended_decision,board_decision,status,raised_on)."
    )
    importer = staticmethod(import_data_issues)
