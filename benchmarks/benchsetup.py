"""Shared start of every benchmark: a fresh database in a temporary folder
(or BENCH_DATABASE_URL), Django set up, and the schema migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def start() -> str:
    """Set up Django on a fresh database; returns where the database is, for the output."""
    workdir = tempfile.mkdtemp(prefix="roundtable-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    os.environ["ROUNDTABLE_VAR_DIR"] = workdir
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    url = os.environ["DATABASE_URL"]
    return "SQLite (temporary file)" if url.startswith("sqlite") else url.split("@")[-1]
