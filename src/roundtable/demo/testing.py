"""The demo partnerships in a test's database, loaded once per test process.

Loading the demo (`roundtable demo load`) reads the source documents and writes
some thousands of records with their history: most of a minute. Tests that only
need the demo there (the browser journeys, the pages of each demo partnership)
call `load_demo_for_test()`: the first call in a process runs the loader, and
keeps a snapshot of the database it left (core.testing.DatabaseSnapshot); every
later call puts that snapshot back. Tests of the loader itself call the loader.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from roundtable.core.testing import DatabaseSnapshot

_snapshot: DatabaseSnapshot | None = None


def load_demo_for_test() -> None:
    """The demo, as `roundtable demo load` leaves it, in the test database, which
    must be empty of anything but what migrations write, and outside a transaction
    (`transactional_db`, or a module fixture under `django_db_blocker.unblock()`)."""
    from django.db import connection

    from roundtable.demo.loader import load_demo

    global _snapshot
    media = Path(settings.MEDIA_ROOT)
    if _snapshot is not None and _snapshot.vendor == connection.vendor:
        _snapshot.restore(media)
        return
    # The demo's files (its papers) go to a folder of their own, kept with the rows.
    files = Path(tempfile.mkdtemp(prefix="roundtable-demo-files-"))
    with override_settings(MEDIA_ROOT=str(files)):
        load_demo()
    _snapshot = DatabaseSnapshot.take(files)
    shutil.copytree(files, media, dirs_exist_ok=True)
