from __future__ import annotations

from roundtable.performance.imports import import_values
from roundtable.performance.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Import indicator figures (code,period,actual,target,estimated,note)."
    importer = staticmethod(import_values)
