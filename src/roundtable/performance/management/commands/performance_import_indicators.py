from __future__ import annotations

from roundtable.performance.imports import import_indicators
from roundtable.performance.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Import indicators (code,name,theme,polarity,frequency,unit,cumulative,…)."
    importer = staticmethod(import_indicators)
