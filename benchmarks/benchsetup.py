"""Shared start of every benchmark: a fresh database in a temporary folder
(or BENCH_DATABASE_URL), Django set up, and the schema migrated."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
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


def free_port() -> int:
    """A TCP port nothing listens on, for a server the benchmark starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(server: subprocess.Popen, port: int, log: Path, name: str) -> None:
    """Wait (at most 60 s) until `server` listens on `port`; stop with its log if
    it exits first."""
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise SystemExit(f"{name} stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start in 60 s") from None
            time.sleep(0.3)
